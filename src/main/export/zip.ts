// A plain zip of the finished folder (deflate, streamed in 1 MiB pieces), for handing the dataset over as one file.
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { constants, crc32, deflateRawSync } from 'node:zlib'

const CHUNK = 1 << 20
const LIMIT = 0xffff_fff0

function put(fd: number, buf: Buffer): number {
  let off = 0
  while (off < buf.length) off += writeSync(fd, buf, off)
  return buf.length
}

/**
 * Writes `files` (paths relative to `dir`) into `zipPath`, via a temporary name renamed at the end. Each 1 MiB piece is
 * deflated on its own with a sync flush and the pieces are concatenated (valid deflate: only the final empty block ends
 * the stream), so memory stays at one piece. No zip64: a file or archive beyond 4 GiB is refused.
 */
export async function writeZip(dir: string, zipPath: string, files: readonly string[]): Promise<string> {
  const tmp = `${zipPath}.partial`
  const out = openSync(tmp, 'wx')
  const central: Buffer[] = []
  let offset = 0
  try {
    for (const rel of files) {
      const name = Buffer.from(rel, 'utf8')
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt16LE(20, 4)
      local.writeUInt16LE(0x0808, 6) // sizes in a data descriptor; UTF-8 names
      local.writeUInt16LE(8, 8) // deflate
      local.writeUInt16LE(name.length, 26)
      const headerAt = offset
      offset += put(out, local) + put(out, name)
      const fd = openSync(join(dir, rel), 'r')
      const buf = Buffer.alloc(CHUNK)
      let crc = 0
      let size = 0
      let compressed = 0
      try {
        for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
          const piece = buf.subarray(0, n)
          crc = crc32(piece, crc)
          size += n
          compressed += put(out, deflateRawSync(piece, { finishFlush: constants.Z_SYNC_FLUSH }))
        }
      } finally {
        closeSync(fd)
      }
      compressed += put(out, deflateRawSync(Buffer.alloc(0)))
      if (size > LIMIT || compressed > LIMIT || offset + compressed > LIMIT) throw new Error('the zip would exceed 4 GiB; use the folder')
      offset += compressed
      const descriptor = Buffer.alloc(16)
      descriptor.writeUInt32LE(0x08074b50, 0)
      descriptor.writeUInt32LE(crc >>> 0, 4)
      descriptor.writeUInt32LE(compressed, 8)
      descriptor.writeUInt32LE(size, 12)
      offset += put(out, descriptor)
      const entry = Buffer.alloc(46)
      entry.writeUInt32LE(0x02014b50, 0)
      entry.writeUInt16LE(20, 4)
      entry.writeUInt16LE(20, 6)
      entry.writeUInt16LE(0x0808, 8)
      entry.writeUInt16LE(8, 10)
      entry.writeUInt32LE(crc >>> 0, 16)
      entry.writeUInt32LE(compressed, 20)
      entry.writeUInt32LE(size, 24)
      entry.writeUInt16LE(name.length, 28)
      entry.writeUInt32LE(headerAt, 42)
      central.push(entry, name)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    const cd = Buffer.concat(central)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(files.length, 8)
    end.writeUInt16LE(files.length, 10)
    end.writeUInt32LE(cd.length, 12)
    end.writeUInt32LE(offset, 16)
    put(out, cd)
    put(out, end)
    closeSync(out)
    renameSync(tmp, zipPath)
    return zipPath
  } catch (err) {
    try {
      closeSync(out)
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true })
    throw err
  }
}
