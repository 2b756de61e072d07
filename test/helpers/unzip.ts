// Reads a zip file's entries for tests (central directory, stored or deflated entries), independently of the writer under test.
import { readFileSync } from 'node:fs'
import { crc32, inflateRawSync } from 'node:zlib'

/** name → content of every entry; throws on a damaged archive or an entry whose CRC-32 does not match. */
export function unzipEntries(path: string): Map<string, Buffer> {
  const zip = readFileSync(path)
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error(`${path}: no end of central directory`)
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  const out = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${i}`)
    const method = zip.readUInt16LE(at + 10)
    const crc = zip.readUInt32LE(at + 16)
    const compressed = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extra = zip.readUInt16LE(at + 30)
    const comment = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const raw = zip.subarray(dataAt, dataAt + compressed)
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : null
    if (data === null) throw new Error(`${path}: ${name} uses compression method ${method}`)
    if (crc32(data) >>> 0 !== crc) throw new Error(`${path}: ${name} fails its CRC-32`)
    out.set(name, data)
    at += 46 + nameLength + extra + comment
  }
  return out
}
