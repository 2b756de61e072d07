// `readout import <paths...>`: import files and folders; progress on stderr, summary on stdout.
import type { ImportSummary } from '../../shared/contract/import'
import { call, CliError, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'

export const importCommand: Command = {
  name: 'import',
  summary: 'Import device report files and folders',
  usage: 'readout import <paths...> [--data-dir DIR] [--json]',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {}, true)
    if (positionals.length === 0) throw new CliError('give at least one file or folder to import')
    const cli = await openCliServices(values)
    const { services } = cli
    const jobId = `cli-${process.pid}`
    const interactive = process.stderr.isTTY
    const unsubscribe = services.events.onAny((event, payload) => {
      if (event !== 'import.progress' || !interactive) return
      const p = payload as { done: number; total: number }
      process.stderr.write(`\rImporting… ${p.done}/${p.total}`)
    })
    try {
      const summary = await call<ImportSummary>(cli, 'import.paths', { paths: positionals, jobId })
      if (interactive) process.stderr.write('\n')
      if (values.json) printJson(summary)
      else {
        for (const r of summary.results) {
          if (r.outcome === 'quarantined') out(`quarantined ${r.path}${r.index ? ` (message ${r.index})` : ''}: ${r.error}\n`)
        }
        out(`imported ${summary.imported}, duplicates ${summary.duplicates}, quarantined ${summary.quarantined}\n`)
      }
      // Non-zero only when nothing at all could be read.
      return summary.results.length > 0 && summary.imported + summary.duplicates === 0 ? 1 : 0
    } finally {
      unsubscribe()
      services.close()
    }
  },
}
