// `readout reports list|show`: print what is stored.
import type { ReportDetail, ReportSummary } from '../../shared/contract/reports'
import { REPORT_KINDS } from '../../shared/domain/report'
import { call, CliError, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'

function listLine(r: ReportSummary): string {
  const flags = r.flagCount ? ` flags:${r.flagCount}` : ''
  return `${String(r.id).padStart(6)}  ${(r.observedAt ?? r.receivedAt).slice(0, 16).padEnd(16)}  ${r.kind.padEnd(14)} ${r.status.padEnd(11)} ${r.patientName} (${r.patientIdentifier})${flags}`
}

function showText(r: ReportDetail): string {
  const lines = [
    `Report ${r.id} — ${r.kind}, ${r.status.toUpperCase()}${r.title ? ` — ${r.title}` : ''}`,
    `Patient: ${r.patientName} ${r.patient.identifiers.map((i) => `${i.authority}:${i.id}`).join(', ')}${r.patient.birthDate ? `, born ${r.patient.birthDate}` : ''}${r.patient.sex ? `, ${r.patient.sex}` : ''}`,
    `Device: ${[r.deviceInfo.manufacturer, r.deviceInfo.model, r.deviceInfo.serial && `serial ${r.deviceInfo.serial}`].filter(Boolean).join(' ') || '—'}`,
    `Observed: ${r.observedAt ?? '—'}   Received: ${r.receivedAt}   Format: ${r.sourceFormat}`,
    '',
  ]
  for (const o of r.observations) {
    const value = o.valueType === 'numeric' ? `${o.comparator ?? ''}${o.valueNum}` : (o.valueText ?? '')
    const range = o.refText ?? (o.refLow !== null || o.refHigh !== null ? `${o.refLow ?? ''}-${o.refHigh ?? ''}` : '')
    lines.push(
      `  ${(o.display ?? o.code).slice(0, 32).padEnd(32)} ${value.padStart(10)} ${(o.unit ?? '').padEnd(10)} ${range.padEnd(12)} ${o.deviceFlag ?? ''}${o.status !== 'final' ? ` [${o.status}]` : ''}${o.unitUnmapped ? ' (unit not recognised)' : ''}`,
    )
  }
  for (const s of r.statements) lines.push(`  ${s.kind}: ${s.text}`)
  return lines.join('\n') + '\n'
}

export const reportsCommand: Command = {
  name: 'reports',
  summary: 'List stored reports or show one',
  usage:
    'readout reports list [--patient ID] [--kind KIND] [--limit N] [--json]\n       readout reports show ID [--json]\n\n' +
    `  --patient ID  only this patient (the patient id shown by 'show')\n  --kind KIND   one of ${REPORT_KINDS.join(', ')}\n  --limit N     at most N reports (default 100)`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { patient: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' } },
      true,
    )
    const [sub, arg] = positionals
    const cli = await openCliServices(values)
    const { services } = cli
    try {
      if (sub === 'list') {
        if (values.kind && !(REPORT_KINDS as readonly string[]).includes(values.kind)) throw new CliError(`--kind must be one of ${REPORT_KINDS.join(', ')}`)
        const page = await call<{ total: number; items: ReportSummary[] }>(cli, 'reports.list', {
          ...(values.kind ? { kinds: [values.kind] } : {}),
          ...(values.patient ? { patientId: Number(values.patient) } : {}),
          limit: values.limit ? Number(values.limit) : 100,
        })
        if (values.json) printJson(page)
        else {
          for (const r of page.items) out(listLine(r) + '\n')
          out(`${page.items.length} of ${page.total} reports\n`)
        }
        return 0
      }
      if (sub === 'show') {
        const id = Number(arg)
        if (!Number.isInteger(id)) throw new CliError('usage: readout reports show ID')
        const report = await call<ReportDetail>(cli, 'reports.get', { id })
        if (values.json) printJson(report)
        else out(showText(report))
        return 0
      }
      throw new CliError("use 'readout reports list' or 'readout reports show ID'")
    } finally {
      services.close()
    }
  },
}
