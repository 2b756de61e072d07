// `readout listen --mllp PORT`: receive HL7 v2 over MLLP, headless, until stopped.
import { resolve } from 'node:path'
import { startWatchFolder } from '../../main/ingest/watchFolder'
import { startMllpListener } from '../../main/ingest/mllpListener'
import { CliError, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'

export function parsePort(value: string | undefined, flag: string): number {
  const port = Number(value)
  if (value === undefined || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`${flag} needs a port number 0-65535`)
  return port
}

export const listenCommand: Command = {
  name: 'listen',
  summary: 'Receive HL7 v2 results over MLLP (TCP) until stopped',
  usage:
    'readout listen --mllp PORT [--host ADDR] [--watch DIR] [--data-dir DIR] [--json]\n\n' +
    '  --mllp PORT   TCP port for MLLP (0: a free port)\n  --host ADDR   address to bind (default 127.0.0.1; set it to accept from the network)\n  --watch DIR   also import files dropped into DIR',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { mllp: { type: 'string' }, host: { type: 'string' }, watch: { type: 'string' } })
    const port = parsePort(values.mllp, '--mllp')
    const { services } = await openCliServices(values, { runsQueue: true, asUser: false })
    const listener = await startMllpListener(services, { port, host: values.host }).catch((err: unknown) => {
      services.close()
      throw new CliError(`Cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${err instanceof Error ? err.message : String(err)}`)
    })
    const watch = values.watch ? startWatchFolder(services, { dir: resolve(values.watch) }) : null
    if (values.json) printJson({ mllp: { host: listener.host, port: listener.port }, dataDir: services.dataDir })
    else out(`Listening for HL7 over MLLP on ${listener.host}:${listener.port}\nData folder: ${services.dataDir}\nPress Ctrl+C to stop.\n`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    watch?.stop()
    await listener.close()
    services.close()
    return 0
  },
}
