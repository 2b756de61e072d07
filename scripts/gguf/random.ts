// A small, fast, seeded PRNG (sfc32 seeded through splitmix32) so generated weights are identical on every run.

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  /** `seed` may be a number or a string (for example a tensor name combined with a global seed). */
  constructor(seed: number | string) {
    const state = { s: typeof seed === 'string' ? hashString(seed) : seed >>> 0 }
    this.a = splitmix32(state)
    this.b = splitmix32(state)
    this.c = splitmix32(state)
    this.d = splitmix32(state)
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** Fills `out` with values uniform in [-amplitude, amplitude). */
  fillUniform(out: Float32Array, amplitude: number): void {
    const scale = (2 * amplitude) / 4294967296
    for (let i = 0; i < out.length; i++) out[i] = this.nextUint32() * scale - amplitude
  }
}
