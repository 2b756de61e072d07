// Handlers for import.* methods: uploaded bytes and paths on this machine, through the same pipeline.
import { access } from 'node:fs/promises'
import type { importContract } from '../../shared/contract/import'
import { AppError } from '../../shared/errors'
import { requireRole } from '../auth/requireRole'
import { expandPaths, importBatch, readSources, type ImportSource } from '../ingest/pipeline'
import type { HandlersFor } from './types'

export const importHandlers: HandlersFor<keyof typeof importContract> = {
  'import.files': async ({ files, jobId }, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    const sources: ImportSource[] = files.map((f) => ({
      name: f.name,
      origin: `upload:${f.name}`,
      bytes: new Uint8Array(Buffer.from(f.contentBase64, 'base64')),
    }))
    return importBatch(s, sources, { actor: user.username, jobId, total: sources.length })
  },
  'import.paths': async ({ paths, jobId }, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    for (const p of paths) {
      await access(p).catch(() => {
        throw new AppError('NOT_FOUND', `No such file or folder: ${p}`)
      })
    }
    const files = await expandPaths(paths)
    return importBatch(s, readSources(files), { actor: user.username, jobId, total: files.length })
  },
}
