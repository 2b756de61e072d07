// `readout rules check|run|activate|reset`: validate rule files and (re-)evaluate the store.
import { readFile } from 'node:fs/promises'
import { call, CliError, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'

interface RunSummary {
  reports: number
  findings: number
  seconds: number
  version?: string
}

async function readText(path: string | undefined): Promise<string> {
  if (!path) throw new CliError('give the rule file to use')
  try {
    return await readFile(path, 'utf8')
  } catch {
    throw new CliError(`cannot read ${path}`)
  }
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'Check a rule file, activate one, or re-evaluate every report',
  usage:
    'readout rules check FILE [--json]      validate a site rule file (layered over the defaults)\n' +
    '       readout rules activate FILE [--json]   make it the active rule set and re-evaluate every report\n' +
    '       readout rules reset [--json]           go back to the shipped defaults and re-evaluate\n' +
    '       readout rules run [--json]             re-evaluate every report with the active rules',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {}, true)
    const [sub, file] = positionals
    if (sub === 'check') {
      const text = await readText(file)
      const cli = await openCliServices(values, { quiet: true })
      const { services } = cli
      try {
        const r = await call<{ ok: boolean; errors: { line: number; column: number; message: string }[]; version: string | null; ruleCount: number }>(
          cli,
          'rules.validate',
          { text },
        )
        if (values.json) printJson(r)
        else if (r.ok) out(`${file}: valid, ${r.ruleCount} rules in effect, version ${r.version}\n`)
        else for (const e of r.errors) process.stderr.write(`${file}:${e.line}:${e.column}: ${e.message}\n`)
        return r.ok ? 0 : 1
      } finally {
        services.close()
      }
    }
    if (sub !== 'run' && sub !== 'activate' && sub !== 'reset') throw new CliError("use 'readout rules check FILE', 'activate FILE', 'reset' or 'run'")
    const text = sub === 'activate' ? await readText(file) : null
    const cli = await openCliServices(values)
    const { services } = cli
    const jobId = `cli-${process.pid}`
    const unsubscribe = services.events.onAny((event, payload) => {
      if (event === 'rules.progress' && process.stderr.isTTY) {
        const p = payload as { done: number; total: number }
        process.stderr.write(`\rEvaluating… ${p.done}/${p.total}`)
      }
    })
    try {
      const method = sub === 'run' ? 'rules.run' : sub === 'activate' ? 'rules.activate' : 'rules.resetToDefault'
      const summary = await call<RunSummary>(cli, method, text === null ? { jobId } : { text, jobId })
      if (process.stderr.isTTY) process.stderr.write('\n')
      if (values.json) printJson(summary)
      else
        out(
          `${summary.version ? `rules ${summary.version} active; ` : ''}evaluated ${summary.reports} reports, ${summary.findings} findings, in ${summary.seconds.toFixed(1)} s\n`,
        )
      return 0
    } finally {
      unsubscribe()
      services.close()
    }
  },
}
