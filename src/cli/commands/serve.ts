// `readout serve`: the app in a browser, over loopback HTTP, until stopped.
import { join, resolve } from 'node:path'
import { handlers } from '../../main/handlers'
import { createDispatch } from '../../main/transport/dispatch'
import { startHttpHost } from '../../main/transport/http'
import { startBackground } from '../../main/background'
import { startWatchFolder } from '../../main/ingest/watchFolder'
import { startMllpListener } from '../../main/ingest/mllpListener'
import { parsePort } from './listen'
import { CliError, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app on 127.0.0.1 for a browser (token-protected)',
  usage:
    'readout serve [--port N] [--mllp PORT [--mllp-host ADDR]] [--watch DIR] [--data-dir DIR] [--json]\n\n' +
    '  --port N          port on 127.0.0.1 (default: a free port)\n  --watch DIR       import files dropped into DIR (moved to DIR/processed or DIR/failed)\n  --mllp PORT       also receive HL7 over MLLP on this port\n  --mllp-host ADDR  MLLP bind address (default 127.0.0.1)',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string' }, mllp: { type: 'string' }, 'mllp-host': { type: 'string' }, watch: { type: 'string' } })
    const port = values.port === undefined ? 0 : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, got ${values.port}`)
    const { services } = await openCliServices(values, { runsQueue: true, asUser: false })
    const dispatch = createDispatch(handlers, services)
    const host = await startHttpHost({
      dispatch,
      events: services.events,
      rendererDir: join(__dirname, '..', 'renderer'),
      port,
      sessionReceivesEvents: (id) => services.auth.resolve(id, false).user !== null,
    }).catch((err: unknown) => {
      services.close()
      throw new CliError(`Cannot listen on 127.0.0.1:${port}: ${err instanceof Error ? err.message : String(err)}`)
    })
    // Receivers configured in Settings run here too, as in the desktop app.
    const background = startBackground(services)
    const watch = values.watch ? startWatchFolder(services, { dir: resolve(values.watch) }) : null
    const mllp = values.mllp === undefined ? null : await startMllpListener(services, { port: parsePort(values.mllp, '--mllp'), host: values['mllp-host'] })
    if (values.json) {
      printJson({ url: host.url, port: host.port, token: host.token, dataDir: services.dataDir, mllp: mllp ? { host: mllp.host, port: mllp.port } : null })
    } else {
      out(`Readout is running at ${host.url}\nData folder: ${services.dataDir}\n`)
      if (mllp) out(`Listening for HL7 over MLLP on ${mllp.host}:${mllp.port}\n`)
      if (values.watch) out(`Watching ${resolve(values.watch)} for new files\n`)
      out('Press Ctrl+C to stop.\n')
    }

    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    watch?.stop()
    await mllp?.close()
    await background.stop()
    await host.close()
    services.close()
    return 0
  },
}
