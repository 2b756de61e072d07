// A small GGUF v3 writer (metadata of every GGUF type, F32/F16 tensors streamed to disk) and helpers for generating
// deterministic test models.
export { GgufWriter, gguf, elementCount, tensorBytes, type TensorFiller, type TensorSpec, type GgufWriterOptions } from './writer'
export {
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  GgmlTensorType,
  GgufValueType,
  TokenType,
  bytesPerElement,
  type GgufScalarType,
  type GgufValue,
} from './types'
export { float32ToFloat16Bits, encodeFloat16 } from './f16'
export { Random, hashString } from './random'
