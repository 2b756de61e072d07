// Synchronous buffered file I/O for the export: JSONL writers that hash what they write, and a line reader.
import { createHash, type Hash } from 'node:crypto'
import { closeSync, openSync, readSync, writeSync } from 'node:fs'

const FLUSH_AT = 1 << 20

/** Appends lines to a new file (refuses an existing one); SHA-256 of the bytes kept as they are written. */
export class LineWriter {
  private fd: number | null
  private parts: string[] = []
  private pending = 0
  private readonly hash: Hash = createHash('sha256')
  lines = 0
  bytes = 0

  constructor(readonly path: string) {
    this.fd = openSync(path, 'wx')
  }

  write(line: string): void {
    this.parts.push(line, '\n')
    this.pending += line.length + 1
    this.lines++
    if (this.pending >= FLUSH_AT) this.flush()
  }

  private flush(): void {
    if (this.parts.length === 0 || this.fd === null) return
    const buf = Buffer.from(this.parts.join(''), 'utf8')
    this.parts = []
    this.pending = 0
    this.hash.update(buf)
    let off = 0
    while (off < buf.length) off += writeSync(this.fd, buf, off)
    this.bytes += buf.length
  }

  /** Flushes and closes; returns the file's SHA-256. */
  close(): string {
    this.flush()
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
    return this.hash.digest('hex')
  }

  /** Closes without flushing (the export failed; the folder is removed). */
  abandon(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }
}

/** Reads a UTF-8 file line by line with a fixed buffer, whatever the file's size. */
export class LineReader {
  private readonly fd: number
  private readonly chunk = Buffer.alloc(1 << 20)
  private carry: Buffer = Buffer.alloc(0)
  private lines: string[] = []
  private eof = false

  constructor(path: string) {
    this.fd = openSync(path, 'r')
  }

  next(): string | null {
    while (this.lines.length === 0) {
      if (this.eof) {
        if (this.carry.length > 0) {
          const last = this.carry.toString('utf8')
          this.carry = Buffer.alloc(0)
          return last
        }
        return null
      }
      const n = readSync(this.fd, this.chunk, 0, this.chunk.length, null)
      if (n === 0) {
        this.eof = true
        continue
      }
      const data = this.carry.length > 0 ? Buffer.concat([this.carry, this.chunk.subarray(0, n)]) : Buffer.from(this.chunk.subarray(0, n))
      const lastNl = data.lastIndexOf(0x0a)
      if (lastNl < 0) {
        this.carry = data
        continue
      }
      this.lines = data.subarray(0, lastNl).toString('utf8').split('\n').reverse()
      this.carry = data.subarray(lastNl + 1)
    }
    return this.lines.pop() ?? null
  }

  close(): void {
    closeSync(this.fd)
  }
}
