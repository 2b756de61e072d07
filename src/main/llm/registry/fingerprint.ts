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

/** The sha256 hashed earlier for this path at this size and modification time; undefined when the file was not hashed so. */
export function cachedFingerprint(db: Db, path: string, st: { size: number; mtimeMs: number }): string | undefined {
  const row = prepared(db, 'SELECT sha256 FROM file_fingerprints WHERE path = ? AND size = ? AND mtime_ms = ?').get(path, st.size, st.mtimeMs) as
    | { sha256: string }
    | undefined
  return row?.sha256
}

export async function fingerprint(db: Db, path: string, onProgress?: (done: number, total: number) => void): Promise<string> {
  const st = await stat(path)
  const cached = cachedFingerprint(db, path, st)
  if (cached !== undefined) return cached
  const sha256 = await sha256File(path, onProgress)
  prepared(db, 'INSERT OR REPLACE INTO file_fingerprints (path, size, mtime_ms, sha256) VALUES (?, ?, ?, ?)').run(path, st.size, st.mtimeMs, sha256)
  return sha256
}
