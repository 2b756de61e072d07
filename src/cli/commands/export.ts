// `readout export`: write a de-identified training-data export; `export history|preview|reset-splits`.
import { resolve } from 'node:path'
import type { ExportResultDto } from '../../shared/contract/export'
import { call, CliError, openCliServices, out, parseCommandArgs, printJson, type Command } from '../common'
import { exportInputFromFlags, type ExportFlags } from './exportArgs'

const OPTIONS = {
  user: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  split: { type: 'string' },
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  kind: { type: 'string' },
  reviewer: { type: 'string' },
  'reason-code': { type: 'string' },
  model: { type: 'string' },
  standing: { type: 'string' },
  outcome: { type: 'string' },
  'min-per-condition': { type: 'string' },
  context: { type: 'string' },
  zip: { type: 'boolean' },
  'no-deid': { type: 'boolean' },
  reason: { type: 'string' },
  limit: { type: 'string' },
} as const

function summary(r: ExportResultDto): string {
  const dropped = Object.entries(r.dropped).map(([k, v]) => `${v} ${k.replace(/_/g, ' ')}`)
  return [
    `export ${r.exportId} written to ${r.outDir}${r.zipPath ? ` (and ${r.zipPath})` : ''}`,
    `${r.items} items: ${r.rows.sft} supervised, ${r.rows.preference} preference, ${r.rows.unpaired} unpaired rows; train ${r.perSplit.train}, validation ${r.perSplit.validation}, test ${r.perSplit.test}`,
    dropped.length > 0 ? `dropped: ${dropped.join(', ')}` : 'dropped: none',
    `token lengths (${r.quality.tokens.method === 'tokenizer' ? `counted with ${r.quality.tokens.counter}` : 'estimated'}): mean ${r.quality.tokens.mean ?? '-'}, p95 ${r.quality.tokens.p95 ?? '-'}, max ${r.quality.tokens.max ?? '-'}; context ${r.quality.tokens.contextSize}`,
    r.deid.enabled ? `de-identified; residual scan checked ${r.deid.residualScan?.linesScanned ?? 0} lines, found nothing` : 'NOT de-identified (turned off by an administrator)',
    ...r.quality.warnings.map((w) => `warning: ${w}`),
    `content hash ${r.contentHash}`,
  ].join('\n')
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write de-identified training data from signed reviews (role ml); history, preview, reset-splits',
  usage:
    'readout export --format openai-chat,openai-dpo,trl-sft,trl-prompt-completion,trl-preference,trl-kto --out DIR --user NAME\n' +
    '         [--seed N] [--split 80/10/10] [--since EXPORT_ID] [--from DATE] [--to DATE] [--kind K,...] [--reviewer U,...]\n' +
    '         [--reason-code C,...] [--model SHA256,...] [--standing S,...] [--outcome O,...] [--min-per-condition N]\n' +
    '         [--context TOKENS] [--zip] [--no-deid --reason TEXT] [--json]\n' +
    '       readout export history [--limit N] --user NAME [--json]\n' +
    '       readout export preview --format F,... [filters] [--limit N] --user NAME [--json]\n' +
    '       readout export reset-splits [--split-name train|validation|test] --reason TEXT --user ADMIN',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { ...OPTIONS, 'split-name': { type: 'string' } }, true)
    const [sub] = positionals
    if (sub !== undefined && sub !== 'history' && sub !== 'preview' && sub !== 'reset-splits') {
      throw new CliError("use 'readout export --format … --out DIR', or 'export history', 'export preview', 'export reset-splits'")
    }
    const cli = await openCliServices(values, { quiet: true })
    const { services } = cli
    try {
      if (sub === 'history') {
        const rows = await call<{ id: number; startedAt: string; status: string; outPath: string; counts: { items?: number } | null; error: string | null }[]>(
          cli,
          'export.history',
          values.limit ? { limit: Number(values.limit) } : {},
        )
        if (values.json) printJson(rows)
        else for (const r of rows) out(`${r.id}\t${r.startedAt}\t${r.status}\t${r.counts?.items ?? '-'} items\t${r.outPath}${r.error ? `\t${r.error}` : ''}\n`)
        return 0
      }
      if (sub === 'reset-splits') {
        if (!values.reason) throw new CliError('give --reason TEXT: resetting the frozen splits is audited')
        const r = await call<{ removed: number }>(cli, 'export.resetSplits', { reason: values.reason, ...(values['split-name'] ? { split: values['split-name'] } : {}) })
        if (values.json) printJson(r)
        else out(`forgot the split of ${r.removed} patients; the next export places them afresh\n`)
        return 0
      }
      let input
      try {
        input = exportInputFromFlags(values as ExportFlags, (p) => resolve(p))
      } catch (err) {
        if (sub === 'preview' && err instanceof Error && err.message.startsWith('give --out')) input = null
        else throw new CliError(err instanceof Error ? err.message : String(err))
      }
      if (sub === 'preview') {
        const formats = (values.format ?? '').split(',').filter((s) => s !== '')
        const r = await call<{ matching: number; rows: { format: string; line: string }[]; withheld: { format: string; category: string }[] }>(
          cli,
          'export.preview',
          { formats, filters: input?.filters ?? {}, ...(values.limit ? { limit: Number(values.limit) } : {}) },
        )
        if (values.json) printJson(r)
        else {
          out(`${r.matching} signed items match\n`)
          for (const row of r.rows) out(`${row.format}\t${row.line}\n`)
          for (const w of r.withheld) out(`${w.format}\twithheld: holds a ${w.category}\n`)
        }
        return 0
      }
      const jobId = `cli-${process.pid}`
      const unsubscribe = services.events.onAny((event: string, payload: unknown) => {
        if (event === 'export.progress' && process.stderr.isTTY) {
          const p = payload as { done: number; total: number; label?: string }
          process.stderr.write(`\r${p.label ?? 'exporting'}… ${p.done}${p.total ? `/${p.total}` : ''}   `)
        }
      })
      try {
        const r = await call<ExportResultDto>(cli, 'export.run', { ...input, jobId })
        if (process.stderr.isTTY) process.stderr.write('\n')
        if (values.json) printJson(r)
        else out(`${summary(r)}\n`)
        return 0
      } finally {
        unsubscribe()
      }
    } finally {
      services.close()
    }
  },
}
