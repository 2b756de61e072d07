// A small seeded pseudo-random generator (xoshiro128**) so that every resampling result can be reproduced from its seed.

/** Uniform integers and floats from a 32-bit seed; the same seed always gives the same sequence. */
export interface Prng {
  /** A float in [0, 1) with 32 random bits. */
  next(): number
  /** An integer in [0, n) for 1 ≤ n ≤ 2^32; the bias of floor(u·n) is below n / 2^32 (about 1e-6 at n = 5,000). */
  below(n: number): number
  /** One fair random bit. */
  bit(): 0 | 1
  /** Fills the buffer with raw 32-bit outputs: the fast path for the resampling loops (the same sequence as repeated calls). */
  fill(out: Uint32Array): void
}

// SplitMix32 spreads a small seed (0, 1, 2, ...) over xoshiro's 128-bit state, which must not be all zero.
function splitMix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** xoshiro128** (Blackman & Vigna, 2018), seeded through SplitMix32. The seed must be an integer. */
export function createPrng(seed: number): Prng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  const init = splitMix32(seed % 0x100000000)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  if ((a | b | c | d) === 0) a = 1
  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result
  }
  // The generator's step, repeated on local variables: several times faster than a call per number.
  const fill = (out: Uint32Array): void => {
    let s0 = a
    let s1 = b
    let s2 = c
    let s3 = d
    for (let i = 0; i < out.length; i++) {
      out[i] = Math.imul(rotl(Math.imul(s1, 5), 7), 9)
      const t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = rotl(s3, 11)
    }
    a = s0
    b = s1
    c = s2
    d = s3
  }
  return {
    fill,
    next: () => u32() / 0x100000000,
    below: (n) => Math.floor((u32() / 0x100000000) * n),
    bit: () => (u32() >>> 31) as 0 | 1,
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
