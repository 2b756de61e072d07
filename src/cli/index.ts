// The `readout` command: subcommands on the same services and contract as the app.
// First, before any library loads: stdout is kept for the command's own output (see stdout.ts).
import { out } from './stdout'
import { builtEntries } from '../main/services'
import { AppError } from '../shared/errors'
import { infoCommand } from './commands/info'
import { importCommand } from './commands/import'
import { listenCommand } from './commands/listen'
import { reportsCommand } from './commands/reports'
import { rulesCommand } from './commands/rules'
import { modelsCommand } from './commands/models'
import { interpretCommand } from './commands/interpret'
import { serveCommand } from './commands/serve'
import { auditCommand } from './commands/audit'
import { usersCommand } from './commands/users'
import { reviewCommand, signCommand } from './commands/review'
import { exportCommand } from './commands/export'
import { rolloutCommand, versionsCommand } from './commands/rollout'
import { evalCommand } from './commands/eval'
import { CliError, GLOBAL_HELP, setBuiltEntries, type Command } from './common'

// electron-vite builds the model engine's and the parse worker's entries beside this one (out/main).
setBuiltEntries(builtEntries(__dirname))

const COMMANDS: Command[] = [serveCommand, infoCommand, importCommand, reportsCommand, rulesCommand, modelsCommand, interpretCommand, reviewCommand, signCommand, exportCommand, versionsCommand, rolloutCommand, evalCommand, listenCommand, usersCommand, auditCommand]

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return (
    'Usage: readout <command> [options]\n\nCommands:\n' +
    COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n') +
    `\n\n${GLOBAL_HELP}\n\nRun 'readout <command> --help' for a command's options.\n`
  )
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp())
    return name === undefined ? 1 : 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    process.stderr.write(`readout: unknown command '${name}'. Run 'readout --help'.\n`)
    return 1
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`${command.summary}\n\nUsage: ${command.usage}\n\n${GLOBAL_HELP}\n`)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (err) {
    if (err instanceof CliError || err instanceof AppError) {
      process.stderr.write(`readout ${name}: ${err.message}\n`)
      return 1
    }
    process.stderr.write(`readout ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`readout: ${String(err)}\n`)
    process.exitCode = 2
  },
)
