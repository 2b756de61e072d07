// Watch folder: files dropped into a folder are imported, then moved to processed/ or failed/.
import { mkdir, readdir, rename, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ImportSummary } from '../../shared/contract/import'
import type { Services } from '../services'
import { importBatch, readSources } from './pipeline'

export interface WatchFolderOptions {
  dir: string
  /** How often the folder is scanned. Polling also works on network shares, where change events are unreliable. */
  intervalMs?: number
  onBatch?: (summary: ImportSummary) => void
}

export interface WatchFolder {
  /** Runs one scan now (tests, and the first scan at start). */
  scan(): Promise<ImportSummary | null>
  stop(): void
}

async function uniqueTarget(dir: string, name: string): Promise<string> {
  let candidate = join(dir, name)
  for (let i = 1; ; i++) {
    try {
      await stat(candidate)
      candidate = join(dir, `${name}.${i}`)
    } catch {
      return candidate
    }
  }
}

export function startWatchFolder(services: Services, opts: WatchFolderOptions): WatchFolder {
  const processed = join(opts.dir, 'processed')
  const failed = join(opts.dir, 'failed')
  // A file is imported only once its size and mtime held still between two scans: devices write slowly.
  const lastSeen = new Map<string, string>()
  let running: Promise<ImportSummary | null> | null = null

  const scanOnce = async (): Promise<ImportSummary | null> => {
    await mkdir(processed, { recursive: true })
    await mkdir(failed, { recursive: true })
    const ready: string[] = []
    const present = new Set<string>()
    for (const entry of await readdir(opts.dir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue
      const path = join(opts.dir, entry.name)
      const st = await stat(path)
      const sig = `${st.size}:${st.mtimeMs}`
      present.add(path)
      if (lastSeen.get(path) === sig) ready.push(path)
      else lastSeen.set(path, sig)
    }
    for (const p of lastSeen.keys()) if (!present.has(p)) lastSeen.delete(p)
    if (ready.length === 0) return null
    const summary = await importBatch(services, readSources(ready), { actor: 'watch-folder', total: ready.length })
    for (const path of ready) {
      const results = summary.results.filter((r) => r.path === path)
      const ok = results.some((r) => r.outcome !== 'quarantined')
      await rename(path, await uniqueTarget(ok ? processed : failed, basename(path)))
      lastSeen.delete(path)
    }
    opts.onBatch?.(summary)
    return summary
  }

  const scan = () => {
    running ??= scanOnce().finally(() => {
      running = null
    })
    return running
  }
  const timer = setInterval(() => {
    scan().catch((err: unknown) => services.log.error('watch folder scan failed', err))
  }, opts.intervalMs ?? 2000)
  timer.unref()
  return {
    scan,
    stop: () => clearInterval(timer),
  }
}
