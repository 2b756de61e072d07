// Long-running hosts' start-up: the audit log's verification, then the receivers configured in Settings (MLLP listener,
// watch folder), restarted when their settings change.
import { startMllpListener, type MllpListener } from './ingest/mllpListener'
import { startWatchFolder, type WatchFolder } from './ingest/watchFolder'
import type { Services } from './services'
import { getSetting } from './store/settings'

export interface Background {
  stop(): Promise<void>
}

export function startBackground(services: Services): Background {
  // The app and `readout serve` check the audit log as they start: a broken chain is logged and shown as a banner.
  services.audit.verifyAtStartup().catch((err: unknown) => services.log.error('Audit log verification could not run', err))
  let mllp: MllpListener | null = null
  let watch: WatchFolder | null = null

  const restartMllp = async () => {
    await mllp?.close()
    mllp = null
    if (!getSetting(services.db, 'mllp.enabled', false)) return
    const port = getSetting(services.db, 'mllp.port', 2575)
    const host = getSetting(services.db, 'mllp.host', '127.0.0.1')
    try {
      mllp = await startMllpListener(services, { port, host })
      services.log.info('MLLP listener started', { host, port })
    } catch (err) {
      services.log.error(`MLLP listener could not start on ${host}:${port}`, err)
    }
  }
  const restartWatch = () => {
    watch?.stop()
    watch = null
    const dir = getSetting<string | null>(services.db, 'import.watchFolder', null)
    if (dir) watch = startWatchFolder(services, { dir })
  }

  void restartMllp()
  restartWatch()
  const unsubscribe = services.events.onAny((event, payload) => {
    if (event !== 'settings.changed') return
    const key = (payload as { key: string }).key
    if (key.startsWith('mllp.')) void restartMllp()
    if (key === 'import.watchFolder') restartWatch()
  })
  return {
    async stop() {
      unsubscribe()
      watch?.stop()
      await mllp?.close()
    },
  }
}
