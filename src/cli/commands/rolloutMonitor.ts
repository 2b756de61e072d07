// `readout rollout monitor` and `readout rollout thresholds`: per-version figures against production, and the canary's alert thresholds.
import type { Difference, RolloutMonitor } from '../../shared/contract/rollout'
import type { AlertThresholds } from '../../shared/domain/alertThresholds'
import { call, CliError, out, printJson, type CliSession } from '../common'

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`)
const mins = (ms: number | null) => (ms === null ? '–' : `${(ms / 60_000).toFixed(1)} min`)

function diff(d: Difference, unit: 'pct' | 'min'): string {
  if (d === null) return ''
  const f = unit === 'pct' ? (x: number) => `${(x * 100).toFixed(1)}` : (x: number) => `${(x / 60_000).toFixed(1)}`
  return ` (${d.estimate >= 0 ? '+' : ''}${f(d.estimate)} [${f(d.low)}, ${f(d.high)}])`
}

export function monitorText(m: RolloutMonitor): string {
  if (m.versions.length === 0) return 'No version has drafted yet.\n'
  const lines = m.versions.map((v) => {
    const f = v.figures
    const d = v.vsProduction
    const state = v.state + (v.state === 'canary' ? ` ${v.canaryPercent}%${v.pausedReason !== null ? ' PAUSED' : ''}` : '')
    let line =
      `${String(v.versionId).padStart(4)}  ${v.name.padEnd(24)} ${state.padEnd(18)} reviews ${f.reviews}` +
      `  accepted ${pct(f.acceptanceRate)}${diff(d?.acceptanceRate ?? null, 'pct')}` +
      `  edited ${pct(f.editRate)}${diff(d?.editRate ?? null, 'pct')}  rejected ${pct(f.rejectRate)}${diff(d?.rejectRate ?? null, 'pct')}` +
      `  evidence failures ${pct(f.evidenceFailureRate)}${diff(d?.evidenceFailureRate ?? null, 'pct')}` +
      `  time to sign median ${mins(f.timeToSignMedianMs)}${diff(d?.timeToSignMedianMs ?? null, 'min')} p90 ${mins(f.timeToSignP90Ms)}`
    const codes = Object.entries(f.reasonCodes).sort((a, b) => b[1] - a[1])
    if (codes.length > 0) line += `\n        reasons: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`
    if (v.shadow !== null) {
      const s = v.shadow
      line +=
        `\n        shadow: ${s.compared} compared, ${s.backlog} to draft; predicted corrections ${pct(s.shadow.predictedCorrectionRate)} vs shown ${pct(s.shown.predictedCorrectionRate)}${diff(s.difference.predictedCorrectionRate, 'pct')}` +
        `, finding F1 ${s.shadow.findingF1?.toFixed(3) ?? '–'} vs ${s.shown.findingF1?.toFixed(3) ?? '–'}, missed criticals per report ${s.shadow.missedCriticals?.toFixed(2) ?? '–'} vs ${s.shown.missedCriticals?.toFixed(2) ?? '–'}`
    }
    if (v.pausedReason !== null) line += `\n        paused: ${v.pausedReason}`
    return line + '\n'
  })
  return `Differences are this version − production, in points (minutes for time), with 95% bootstrap intervals (seed ${m.seed}).\n` + lines.join('')
}

export function thresholdsText(t: AlertThresholds): string {
  return (
    `window: the newest ${t.window} reviews of each version; at least ${t.minReviews} of each before judging\n` +
    `pause the canary when its correction rate is above production's by more than ${pct(t.correctionRateMargin)}, ` +
    `or its evidence failures by more than ${pct(t.evidenceFailureMargin)}\n`
  )
}

function intArg(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new CliError(`--${name} takes a whole number, got ${v}`)
  return Number(v)
}

function marginArg(name: string, v: string): number {
  const n = Number(v.replace(/%$/, ''))
  if (v.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name} takes a fraction (0.1) or a percentage (10%), got ${v}`)
  return v.endsWith('%') ? n / 100 : n
}

export async function runMonitor(cli: CliSession, json: boolean | undefined): Promise<void> {
  const m = await call<RolloutMonitor>(cli, 'rollout.monitor', {})
  if (json) printJson(m)
  else out(monitorText(m))
}

/** With no option, shows the thresholds; with any, changes those (ml or admin). */
export async function runThresholds(cli: CliSession, values: { json?: boolean; window?: string; 'min-reviews'?: string; 'correction-margin'?: string; 'evidence-margin'?: string }): Promise<void> {
  const input = {
    ...(values.window !== undefined ? { window: intArg('window', values.window) } : {}),
    ...(values['min-reviews'] !== undefined ? { minReviews: intArg('min-reviews', values['min-reviews']) } : {}),
    ...(values['correction-margin'] !== undefined ? { correctionRateMargin: marginArg('correction-margin', values['correction-margin']) } : {}),
    ...(values['evidence-margin'] !== undefined ? { evidenceFailureMargin: marginArg('evidence-margin', values['evidence-margin']) } : {}),
  }
  const t = await call<AlertThresholds>(cli, Object.keys(input).length === 0 ? 'rollout.thresholds' : 'rollout.setThresholds', input)
  if (values.json) printJson(t)
  else out(thresholdsText(t))
}
