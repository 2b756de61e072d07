// `readout info`: version, data folder, schema version.
import type { AppInfo } from '../../shared/contract/app'
import { call, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show version, data folder and database schema version',
  usage: 'readout info [--data-dir DIR] [--json]',
  async run(argv) {
    const { values } = parseCommandArgs(argv, {})
    const cli = await openCliServices(values, { asUser: false })
    const { services } = cli
    try {
      const info = await call<AppInfo>(cli, 'app.info', {})
      if (values.json) printJson(info)
      else {
        out(
          `Readout ${info.version}\nData folder:    ${info.dataDir}\nDatabase:       ${info.databasePath}\nSchema version: ${info.schemaVersion}\n` +
            `Runtime:        ${info.runtime} (Node ${info.versions.node}, SQLite ${info.versions.sqlite})\n`,
        )
      }
      return 0
    } finally {
      services.close()
    }
  },
}
