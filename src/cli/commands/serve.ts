// `readout serve`: the app in a browser, over loopback HTTP, until stopped.
import { join } from 'node:path'
import { handlers } from '../../main/handlers'
import { createDispatch } from '../../main/transport/dispatch'
import { startHttpHost } from '../../main/transport/http'
import { CliError, openCliServices, parseCommandArgs, printJson, type Command } from '../common'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app on 127.0.0.1 for a browser (token-protected)',
  usage: 'readout serve [--port N] [--data-dir DIR] [--json]\n\n  --port N   port on 127.0.0.1 (default: a free port)',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string' } })
    const port = values.port === undefined ? 0 : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, got ${values.port}`)
    const { services } = openCliServices(values['data-dir'])
    const dispatch = createDispatch(handlers, services)
    const host = await startHttpHost({
      dispatch,
      events: services.events,
      rendererDir: join(__dirname, '..', 'renderer'),
      port,
    }).catch((err: unknown) => {
      services.close()
      throw new CliError(`Cannot listen on 127.0.0.1:${port}: ${err instanceof Error ? err.message : String(err)}`)
    })
    if (values.json) printJson({ url: host.url, port: host.port, token: host.token, dataDir: services.dataDir })
    else process.stdout.write(`Readout is running at ${host.url}\nData folder: ${services.dataDir}\nPress Ctrl+C to stop.\n`)

    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await host.close()
    services.close()
    return 0
  },
}
