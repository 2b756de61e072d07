// A streaming GGUF v3 writer: metadata key/values, tensor infos and 32-byte aligned tensor data (F32 or F16).
//
// Tensor data is produced chunk by chunk by a filler function and written straight to the file, so a model of a few
// hundred million parameters never has to be held in memory. Layout (all little-endian):
//   magic "GGUF", version u32, tensor count u64, kv count u64,
//   kv:     key (u64 length + UTF-8), value type u32, value
//   tensor: name, n_dims u32, ne[0..n_dims) u64 (ne[0] = contiguous row length), type u32, offset u64 (from data start)
//   padding to the alignment, then each tensor's data, each padded to the alignment.
import { open, rename, rm } from 'node:fs/promises'
import { encodeFloat16 } from './f16'
import {
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  GgmlTensorType,
  GgufValueType,
  bytesPerElement,
  type GgufScalarType,
  type GgufValue,
} from './types'

/**
 * Produces a tensor's elements in order: called with consecutive ranges [start, start + out.length) until every element
 * has been written. A fresh filler is requested each time the tensor is written.
 */
export type TensorFiller = (out: Float32Array, start: number) => void

export interface TensorSpec {
  name: string
  /** Dimensions in ggml order: ne[0] is the length of a contiguous row (llama.cpp's `{n_embd, n_vocab}` notation). */
  ne: readonly number[]
  type: GgmlTensorType
  data: () => TensorFiller
}

export interface GgufWriterOptions {
  alignment?: number
  /** Elements produced and written per chunk (default 1 Mi). */
  chunkElements?: number
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const align = (n: number, alignment: number): number => Math.ceil(n / alignment) * alignment

/** Helpers that build typed metadata values. */
export const gguf = {
  string: (value: string): GgufValue => ({ type: GgufValueType.STRING, value }),
  bool: (value: boolean): GgufValue => ({ type: GgufValueType.BOOL, value }),
  uint32: (value: number): GgufValue => ({ type: GgufValueType.UINT32, value }),
  int32: (value: number): GgufValue => ({ type: GgufValueType.INT32, value }),
  uint64: (value: number | bigint): GgufValue => ({ type: GgufValueType.UINT64, value }),
  float32: (value: number): GgufValue => ({ type: GgufValueType.FLOAT32, value }),
  float64: (value: number): GgufValue => ({ type: GgufValueType.FLOAT64, value }),
  array: (itemType: GgufScalarType, values: ReadonlyArray<number | bigint | boolean | string>): GgufValue => ({
    type: GgufValueType.ARRAY,
    itemType,
    values,
  }),
  strings: (values: readonly string[]): GgufValue => gguf.array(GgufValueType.STRING, values),
  int32s: (values: readonly number[]): GgufValue => gguf.array(GgufValueType.INT32, values),
  uint32s: (values: readonly number[]): GgufValue => gguf.array(GgufValueType.UINT32, values),
  float32s: (values: readonly number[]): GgufValue => gguf.array(GgufValueType.FLOAT32, values),
}

/** Serialises values into growing little-endian chunks. */
class ByteSink {
  private readonly parts: Buffer[] = []
  length = 0

  private push(buffer: Buffer): void {
    this.parts.push(buffer)
    this.length += buffer.length
  }

  u8(v: number): void {
    const b = Buffer.alloc(1)
    b.writeUInt8(v)
    this.push(b)
  }
  i8(v: number): void {
    const b = Buffer.alloc(1)
    b.writeInt8(v)
    this.push(b)
  }
  u16(v: number): void {
    const b = Buffer.alloc(2)
    b.writeUInt16LE(v)
    this.push(b)
  }
  i16(v: number): void {
    const b = Buffer.alloc(2)
    b.writeInt16LE(v)
    this.push(b)
  }
  u32(v: number): void {
    const b = Buffer.alloc(4)
    b.writeUInt32LE(v)
    this.push(b)
  }
  i32(v: number): void {
    const b = Buffer.alloc(4)
    b.writeInt32LE(v)
    this.push(b)
  }
  f32(v: number): void {
    const b = Buffer.alloc(4)
    b.writeFloatLE(v)
    this.push(b)
  }
  f64(v: number): void {
    const b = Buffer.alloc(8)
    b.writeDoubleLE(v)
    this.push(b)
  }
  u64(v: number | bigint): void {
    const b = Buffer.alloc(8)
    b.writeBigUInt64LE(BigInt(v))
    this.push(b)
  }
  i64(v: number | bigint): void {
    const b = Buffer.alloc(8)
    b.writeBigInt64LE(BigInt(v))
    this.push(b)
  }
  string(v: string): void {
    const bytes = Buffer.from(v, 'utf8')
    this.u64(bytes.length)
    this.push(bytes)
  }
  zeros(n: number): void {
    if (n > 0) this.push(Buffer.alloc(n))
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts, this.length)
  }
}

function expectNumber(key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`GGUF key ${key}: expected a finite number, got ${String(v)}`)
  return v
}

function expectInteger(key: string, v: unknown, min: number, max: number): number {
  const n = expectNumber(key, v)
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`GGUF key ${key}: ${n} is not an integer in [${min}, ${max}]`)
  return n
}

function writeScalar(sink: ByteSink, key: string, type: GgufScalarType, v: unknown): void {
  switch (type) {
    case GgufValueType.UINT8:
      return sink.u8(expectInteger(key, v, 0, 0xff))
    case GgufValueType.INT8:
      return sink.i8(expectInteger(key, v, -0x80, 0x7f))
    case GgufValueType.UINT16:
      return sink.u16(expectInteger(key, v, 0, 0xffff))
    case GgufValueType.INT16:
      return sink.i16(expectInteger(key, v, -0x8000, 0x7fff))
    case GgufValueType.UINT32:
      return sink.u32(expectInteger(key, v, 0, 0xffffffff))
    case GgufValueType.INT32:
      return sink.i32(expectInteger(key, v, -0x80000000, 0x7fffffff))
    case GgufValueType.FLOAT32:
      return sink.f32(expectNumber(key, v))
    case GgufValueType.FLOAT64:
      return sink.f64(expectNumber(key, v))
    case GgufValueType.BOOL:
      if (typeof v !== 'boolean') throw new TypeError(`GGUF key ${key}: expected a boolean`)
      return sink.u8(v ? 1 : 0)
    case GgufValueType.STRING:
      if (typeof v !== 'string') throw new TypeError(`GGUF key ${key}: expected a string`)
      return sink.string(v)
    case GgufValueType.UINT64:
      if (typeof v === 'bigint') return sink.u64(v)
      return sink.u64(expectInteger(key, v, 0, Number.MAX_SAFE_INTEGER))
    case GgufValueType.INT64:
      if (typeof v === 'bigint') return sink.i64(v)
      return sink.i64(expectInteger(key, v, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER))
  }
}

export class GgufWriter {
  private readonly metadata = new Map<string, GgufValue>()
  private readonly tensors: TensorSpec[] = []
  readonly alignment: number
  private readonly chunkElements: number

  constructor(options: GgufWriterOptions = {}) {
    this.alignment = options.alignment ?? GGUF_DEFAULT_ALIGNMENT
    if (!Number.isInteger(this.alignment) || this.alignment <= 0 || this.alignment % 8 !== 0) {
      throw new RangeError(`alignment must be a positive multiple of 8, got ${this.alignment}`)
    }
    this.chunkElements = options.chunkElements ?? 1 << 20
    if (this.alignment !== GGUF_DEFAULT_ALIGNMENT) this.set('general.alignment', gguf.uint32(this.alignment))
  }

  /** Sets a metadata key (insertion order is kept; setting a key again replaces its value in place). */
  set(key: string, value: GgufValue): this {
    if (key.length === 0) throw new Error('GGUF metadata key must not be empty')
    if (value.type === GgufValueType.ARRAY && (value.itemType as GgufValueType) === GgufValueType.ARRAY) {
      throw new Error(`GGUF key ${key}: nested arrays are not supported`)
    }
    this.metadata.set(key, value)
    return this
  }

  addTensor(spec: TensorSpec): this {
    if (this.tensors.some((t) => t.name === spec.name)) throw new Error(`duplicate tensor name ${spec.name}`)
    if (Buffer.byteLength(spec.name, 'utf8') >= 64) throw new Error(`tensor name too long for ggml (max 63 bytes): ${spec.name}`)
    if (spec.ne.length < 1 || spec.ne.length > 4) throw new Error(`tensor ${spec.name}: 1 to 4 dimensions, got ${spec.ne.length}`)
    for (const n of spec.ne) if (!Number.isInteger(n) || n <= 0) throw new Error(`tensor ${spec.name}: bad dimension ${n}`)
    this.tensors.push(spec)
    return this
  }

  get tensorCount(): number {
    return this.tensors.length
  }

  /** Number of elements (parameters) over all tensors. */
  get parameterCount(): number {
    return this.tensors.reduce((sum, t) => sum + elementCount(t), 0)
  }

  /** Header, metadata, tensor infos and the padding up to the data section. */
  encodeHeader(): Buffer {
    const sink = new ByteSink()
    sink.u32(GGUF_MAGIC)
    sink.u32(GGUF_VERSION)
    sink.u64(this.tensors.length)
    sink.u64(this.metadata.size)
    for (const [key, value] of this.metadata) {
      sink.string(key)
      sink.u32(value.type)
      if (value.type === GgufValueType.ARRAY) {
        sink.u32(value.itemType)
        sink.u64(value.values.length)
        for (const item of value.values) writeScalar(sink, key, value.itemType, item)
      } else {
        writeScalar(sink, key, value.type, value.value)
      }
    }
    let offset = 0
    for (const tensor of this.tensors) {
      sink.string(tensor.name)
      sink.u32(tensor.ne.length)
      for (const n of tensor.ne) sink.u64(n)
      sink.u32(tensor.type)
      sink.u64(offset)
      offset += align(tensorBytes(tensor), this.alignment)
    }
    sink.zeros(align(sink.length, this.alignment) - sink.length)
    return sink.toBuffer()
  }

  /** Size of the data section (every tensor padded to the alignment). */
  get dataByteLength(): number {
    return this.tensors.reduce((sum, t) => sum + align(tensorBytes(t), this.alignment), 0)
  }

  /** Exact size of the file `write` produces. */
  byteLength(): number {
    return this.encodeHeader().length + this.dataByteLength
  }

  /**
   * Writes the file: first to `<path>.tmp-<pid>`, then renamed into place, so an interrupted run never leaves a file
   * that looks complete. Returns the number of bytes written.
   */
  async write(path: string): Promise<number> {
    if (!isLittleEndian) throw new Error('GgufWriter: big-endian hosts are not supported')
    const tmpPath = `${path}.tmp-${process.pid}`
    const handle = await open(tmpPath, 'w')
    let written = 0
    try {
      const writeAll = async (buffer: Buffer, length = buffer.length): Promise<void> => {
        let done = 0
        while (done < length) {
          const { bytesWritten } = await handle.write(buffer, done, length - done)
          done += bytesWritten
        }
        written += length
      }
      await writeAll(this.encodeHeader())
      const values = new Float32Array(this.chunkElements)
      const halves = new Uint16Array(this.chunkElements)
      const f32View = Buffer.from(values.buffer, values.byteOffset, values.byteLength)
      const f16View = Buffer.from(halves.buffer, halves.byteOffset, halves.byteLength)
      for (const tensor of this.tensors) {
        const total = elementCount(tensor)
        const fill = tensor.data()
        for (let start = 0; start < total; start += this.chunkElements) {
          const count = Math.min(this.chunkElements, total - start)
          const chunk = count === values.length ? values : values.subarray(0, count)
          fill(chunk, start)
          if (tensor.type === GgmlTensorType.F32) {
            await writeAll(f32View, count * 4)
          } else {
            encodeFloat16(chunk, halves)
            await writeAll(f16View, count * 2)
          }
        }
        const size = tensorBytes(tensor)
        const padding = align(size, this.alignment) - size
        if (padding > 0) await writeAll(Buffer.alloc(padding))
      }
      await handle.sync()
    } catch (error) {
      await handle.close()
      await rm(tmpPath, { force: true })
      throw error
    }
    await handle.close()
    await rename(tmpPath, path)
    return written
  }
}


export function elementCount(tensor: Pick<TensorSpec, 'ne'>): number {
  return tensor.ne.reduce((product, n) => product * n, 1)
}

export function tensorBytes(tensor: Pick<TensorSpec, 'ne' | 'type'>): number {
  return elementCount(tensor) * bytesPerElement(tensor.type)
}
