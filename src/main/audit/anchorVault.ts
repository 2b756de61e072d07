// Where the audit log's anchor (count and head hash) is kept outside the database: a file beside it, and in the
// desktop app also the OS secure storage. Both are written atomically, so a crash leaves the old anchor or the new one.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import type { Anchor, AnchorClaim, AnchorSource } from './chain'

/** A place that holds one anchor's text. read() is null when nothing was ever written there. */
export interface AnchorVault {
  readonly source: Extract<AnchorSource, 'file' | 'secure'>
  /** Where it is, for messages and the README (a path; never a secret). */
  readonly location: string
  read(): string | null
  write(text: string): void
}

const ANCHOR_FORMAT = 'readout-audit-anchor'

const AnchorFileSchema = z
  .object({
    format: z.literal(ANCHOR_FORMAT),
    version: z.literal(1),
    count: z.number().int().min(0),
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.string(),
  })
  .strict()

export function formatAnchor(a: Anchor): string {
  return JSON.stringify({ format: ANCHOR_FORMAT, version: 1, count: a.count, headHash: a.headHash, at: a.at }, null, 2) + '\n'
}

/** The claim a vault's text makes: an anchor, nothing, or what is wrong with it (never its content). */
export function parseAnchorClaim(source: AnchorSource, text: string | null): AnchorClaim {
  if (text === null) return { source, state: 'absent' }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { source, state: 'unreadable', problem: 'not JSON' }
  }
  const parsed = AnchorFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { source, state: 'unreadable', problem: `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}` }
  }
  return { source, state: 'present', anchor: { count: parsed.data.count, headHash: parsed.data.headHash, at: parsed.data.at } }
}

export function readClaim(vault: AnchorVault): AnchorClaim {
  try {
    return parseAnchorClaim(vault.source, vault.read())
  } catch (err) {
    return { source: vault.source, state: 'unreadable', problem: err instanceof Error ? err.message : String(err) }
  }
}

/**
 * Replaces `path` with `data` so that a crash leaves either the old file or the new one, and the new one is on disk
 * when this returns: write a temporary file, fsync it, rename it over the old one, fsync the folder (the rename).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w', 0o600)
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let off = 0
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off)
    fsyncSync(fd)
  } catch (err) {
    closeSync(fd)
    if (existsSync(tmp)) unlinkSync(tmp)
    throw err
  }
  closeSync(fd)
  renameSync(tmp, path)
  syncFolder(dirname(path))
}

function syncFolder(dir: string): void {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** The anchor file beside the database (plain JSON, readable by IT). */
export function fileVault(path: string): AnchorVault {
  return {
    source: 'file',
    location: path,
    read: () => (existsSync(path) ? readFileSync(path, 'utf8') : null),
    write: (text) => writeFileAtomic(path, text),
  }
}
