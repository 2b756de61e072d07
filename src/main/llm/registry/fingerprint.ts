// sha256 of a (multi-gigabyte) model file, streamed, and cached by path + size + mtime.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { Db } from '../../store/db'
import { prepared } from '../../store/prepared'

export async function sha256File(path: string, onProgress?: (done: number, total: number) => void): Promise<string> {
  const { size } = await stat(path)
  const hash = createHash('sha256')
  let done = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    done += chunk.length
    onProgress?.(done, size)
  }
  return hash.digest('hex')
}

export async function fingerprint(db: Db, path: string, onProgress?: (done: number, total: number) => void): Promise<string> {
  const st = await stat(path)
  const cached = prepared(db, 'SELECT sha256 FROM file_fingerprints WHERE path = ? AND size = ? AND mtime_ms = ?').get(path, st.size, st.mtimeMs) as
    | { sha256: string }
    | undefined
  if (cached) return cached.sha256
  const sha256 = await sha256File(path, onProgress)
  prepared(db, 'INSERT OR REPLACE INTO file_fingerprints (path, size, mtime_ms, sha256) VALUES (?, ?, ?, ?)').run(path, st.size, st.mtimeMs, sha256)
  return sha256
}
