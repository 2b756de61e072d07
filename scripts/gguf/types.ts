// GGUF v3 value and tensor types (numbers as the file format defines them).

export const GGUF_MAGIC = 0x46554747 // "GGUF" read as a little-endian uint32
export const GGUF_VERSION = 3
export const GGUF_DEFAULT_ALIGNMENT = 32

/** Metadata value types. */
export enum GgufValueType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

/** Tensor element types this writer can produce. */
export enum GgmlTensorType {
  F32 = 0,
  F16 = 1,
}

/** Token types of tokenizer.ggml.token_type (llama.cpp's llama_token_type). */
export enum TokenType {
  NORMAL = 1,
  UNKNOWN = 2,
  CONTROL = 3,
  USER_DEFINED = 4,
  UNUSED = 5,
  BYTE = 6,
}

export type GgufScalarType = Exclude<GgufValueType, GgufValueType.ARRAY>

/** A metadata value with its GGUF type. Integers of 64 bits may be given as bigint. */
export type GgufValue =
  | { type: GgufScalarType; value: number | bigint | boolean | string }
  | { type: GgufValueType.ARRAY; itemType: GgufScalarType; values: ReadonlyArray<number | bigint | boolean | string> }

export function bytesPerElement(type: GgmlTensorType): number {
  switch (type) {
    case GgmlTensorType.F32:
      return 4
    case GgmlTensorType.F16:
      return 2
  }
}
