// IEEE 754 binary32 -> binary16 conversion (round to nearest, ties to even), for F16 tensors.

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** The binary16 bit pattern of a number (NaN stays NaN, overflow becomes ±Infinity, tiny values become subnormal or ±0). */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value
  const bits = u32[0] as number
  const sign = (bits >>> 16) & 0x8000
  const exponent = (bits >>> 23) & 0xff
  let mantissa = bits & 0x7fffff

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0)
  const halfExponent = exponent - 127 + 15
  if (halfExponent >= 0x1f) return sign | 0x7c00
  if (halfExponent <= 0) {
    // Subnormal half: value = m · 2^-24 with m = (1.mantissa) · 2^(exponent - 126).
    if (halfExponent < -10) return sign
    mantissa |= 0x800000
    const shift = 14 - halfExponent
    let half = mantissa >>> shift
    const rest = mantissa & ((1 << shift) - 1)
    const midpoint = 1 << (shift - 1)
    if (rest > midpoint || (rest === midpoint && (half & 1) === 1)) half++
    return sign | half
  }
  let half = (halfExponent << 10) | (mantissa >>> 13)
  const rest = mantissa & 0x1fff
  // A carry out of the mantissa correctly bumps the exponent (and can round up to Infinity).
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++
  return sign | half
}

/** Converts `source` into binary16 bit patterns in `target` (host byte order; GGUF files are little-endian). */
export function encodeFloat16(source: Float32Array, target: Uint16Array): void {
  if (target.length < source.length) throw new RangeError('encodeFloat16: target too small')
  for (let i = 0; i < source.length; i++) target[i] = float32ToFloat16Bits(source[i] as number)
}
