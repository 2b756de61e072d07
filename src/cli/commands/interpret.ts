// `readout interpret --report ID | --all`: draft interpretations with the active model; progress on stderr.
import type { Interpretation, QueueFailures, QueueStatus } from '../../shared/contract/interpret'
import { consoleLogger, type Logger } from '../../main/log'
import { call, CliError, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'

export const interpretCommand: Command = {
  name: 'interpret',
  summary: 'Draft interpretations with the active model (one report, or every report without one)',
  usage: 'readout interpret (--report ID | --all) [--data-dir DIR] [--json]',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { report: { type: 'string' }, all: { type: 'boolean', default: false } })
    if (!values.report === !values.all) throw new CliError('give either --report ID or --all')
    // stderr carries the streamed draft or the redrawn progress line, and the log: a log line starts a line of its own.
    let lineOpen = false
    const toStderr = (text: string) => {
      process.stderr.write(text)
      if (text) lineOpen = !text.endsWith('\n')
    }
    const endLine = () => lineOpen && toStderr('\n')
    const logger: Logger = {
      info: (msg, extra) => (endLine(), consoleLogger.info(msg, extra)),
      error: (msg, err) => (endLine(), consoleLogger.error(msg, err)),
    }
    const cli = await openCliServices(values, { logger })
    const { services } = cli
    try {
      if (values.report) {
        const reportId = Number(values.report)
        if (!Number.isInteger(reportId)) throw new CliError('--report takes a report id')
        const jobId = `cli-${process.pid}`
        const unsubscribe = services.events.onAny((event, payload) => {
          if (event === 'interpret.chunk') toStderr((payload as { text: string }).text)
        })
        try {
          const result = await call<Interpretation>(cli, 'interpret.report', { reportId, jobId })
          toStderr('\n')
          if (values.json) printJson(result)
          else {
            out(`${result.draft.summary}\n`)
            for (const f of result.draft.findings) out(`  [${f.severity}] ${f.statement} (${f.evidence.join(', ')})\n`)
            out(`evidence check: ${result.standing}${result.evidenceCheck.issues.map((i) => `\n  - ${i.message}`).join('')}\n`)
          }
          return 0
        } finally {
          unsubscribe()
        }
      }
      const { added } = await call<{ added: number }>(cli, 'queue.enqueue', { allNew: true })
      const unsubscribe = services.events.onAny((event, payload) => {
        if (event !== 'queue.progress') return
        const p = payload as { done: number; total: number; tokensPerSecond: number; etaSeconds: number | null }
        toStderr(`\rInterpreting… ${p.done}/${p.total}  ${p.tokensPerSecond.toFixed(1)} tokens/s${p.etaSeconds !== null ? `  ~${p.etaSeconds} s left` : ''}   `)
      })
      await call<QueueStatus>(cli, 'queue.start', {})
      await services.queue.whenIdle()
      unsubscribe()
      endLine()
      const status = await call<QueueStatus>(cli, 'queue.status', {})
      const failures = await call<QueueFailures>(cli, 'queue.failures', {})
      if (values.json) printJson({ added, ...status, failures: failures.items })
      else {
        out(`processed ${status.batchDone} reports: ${status.failed} without a draft after a failure, ${status.queued} still queued\n`)
        for (const f of failures.items) out(`  report ${f.reportId} (${f.patientName}, ${f.kind}): ${f.error}\n`)
        if (failures.total > failures.items.length) out(`  … and ${failures.total - failures.items.length} more\n`)
      }
      // Non-zero when a report is left without a draft, so a scheduled run can tell.
      return status.queued > 0 || status.failed > 0 ? 1 : 0
    } finally {
      services.close()
    }
  },
}
