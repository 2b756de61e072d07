// Timing of evaluateReport over synthetic stored reports (lab, ECG, home BP, oximetry, CGM); prints figures, not a test.
// Engine only, no database: see bench/rules.bench.ts for re-evaluating a stored database.
// Run: npx vite-node bench/rules-engine.bench.ts -- [reports=100000] [cgm-readings]
import { loadDefaultRuleSet } from '../src/main/rules/defaults'
import { compileRuleSet, evaluateReport } from '../src/main/rules/engine'
import { obs, report } from '../src/main/rules/testSupport'
import type { PriorLookup, ReportInput } from '../src/main/rules/types'

const set = compileRuleSet(loadDefaultRuleSet())
const N = Number(process.argv[2] ?? 100000)
const withCgmReadings = process.argv[3] === 'cgm-readings'
let seed = 42
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
const pick = (lo: number, hi: number) => Math.round((lo + rnd() * (hi - lo)) * 10) / 10

function make(i: number): ReportInput {
  const k = i % 20
  if (k < 8) return report([
    obs('2345-7', pick(40, 420), rnd() < 0.5 ? 'mg/dL' : 'mmol/L', { refLow: 70, refHigh: 99, deviceFlag: rnd() < 0.2 ? 'H' : 'N' }),
    obs('2823-3', pick(2.5, 6.5), rnd() < 0.5 ? 'mmol/L' : 'mEq/L', { refLow: 3.5, refHigh: 5.1 }),
    obs('2951-2', pick(115, 165), 'mmol/L'), obs('17861-6', pick(5.5, 13.5), 'mg/dL'), obs('718-7', pick(6, 17), 'g/dL'),
    obs('777-3', pick(10, 400), '10^9/L'), obs('6301-6', pick(0.8, 6), null), obs('2160-0', pick(0.5, 2), 'mg/dL'),
  ], { kind: 'lab', sex: rnd() < 0.5 ? 'male' : 'female' })
  if (k < 13) return report([
    obs('8867-4', pick(40, 130), 'bpm'), obs('8625-6', pick(120, 240), 'ms'), obs('8633-0', pick(80, 140), 'ms'), obs('8634-8', pick(350, 450), 'ms'),
    obs('8636-3', pick(400, 520), 'ms'), obs('8626-4', pick(0, 80), 'deg'), obs('8632-2', pick(-60, 120), 'deg'), obs('8638-9', pick(0, 80), 'deg'),
    obs('ECG_ATRIAL_RATE', 70, '/min', { codeSystem: 'LOCAL' }), obs('ECG_RR_INTERVAL', 800, 'ms', { codeSystem: 'LOCAL' }),
  ], { kind: 'ecg', sex: rnd() < 0.5 ? 'male' : 'female' })
  if (k < 17) {
    const o = []
    for (let r = 0; r < 14; r++) o.push(obs('8480-6', pick(100, 190), 'mmHg'), obs('8462-4', pick(60, 125), 'mmHg'), obs('8867-4', pick(50, 110), 'bpm'))
    return report(o, { kind: 'blood_pressure', metrics: rnd() < 0.5 ? { 'bp.avg_sys': pick(110, 170), 'bp.avg_dia': pick(65, 100), 'bp.readings': 14 } : {} })
  }
  if (k < 19) return report([obs('59408-5', pick(85, 100), '%'), obs('8867-4', pick(50, 110), 'bpm')], { kind: 'oximetry' })
  const readings = []
  if (withCgmReadings) for (let r = 0; r < 4032; r++) readings.push(obs('99504-3', pick(50, 300), 'mg/dL'))
  return report(readings, { kind: 'cgm', metrics: { 'agp.tir_70_180_pct': pick(40, 90), 'agp.tbr_lt54_pct': pick(0, 3), 'agp.tbr_54_69_pct': pick(0, 5), 'agp.tar_181_250_pct': pick(5, 30), 'agp.tar_gt250_pct': pick(0, 10), 'agp.cv_pct': pick(25, 45), 'agp.wear_pct': pick(50, 100), 'agp.days': 14, 'agp.gmi_pct': pick(6, 9) } })
}
const reports: ReportInput[] = []
for (let i = 0; i < N; i++) reports.push(make(i))
const obsCount = reports.reduce((n, r) => n + r.observations.length, 0)
const prior: PriorLookup = (_system, c) => (c === '8636-3' ? { value: 430, unit: 'ms', observedAt: '2025-12-01T00:00:00Z', observationId: 1, reportId: 1 } : undefined)
for (let i = 0; i < 2000; i++) evaluateReport(set, { report: reports[i % N] ?? make(0), prior })
let findings = 0
const t0 = performance.now()
for (const r of reports) findings += evaluateReport(set, { report: r, prior }).length
const ms = performance.now() - t0
console.log(`${N} reports, ${obsCount} observations${withCgmReadings ? ' (CGM reports with 4032 sensor readings each)' : ''}: ${ms.toFixed(0)} ms, ${(N / (ms / 1000)).toFixed(0)} reports/s, ${(obsCount / (ms / 1000) / 1e6).toFixed(2)} M obs/s, ${findings} findings`)
