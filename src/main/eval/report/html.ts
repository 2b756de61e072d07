// The evaluation run's printable report: one self-contained HTML document (inline CSS and SVG, nothing fetched), a pure function of the run.
import type { EvalRunDetail, EvaluationAnalysisView } from '../../../shared/contract/eval'
import type { InterpretationDraft } from '../../../shared/domain/interpretation'

type Comparison = EvaluationAnalysisView['candidates'][number]['comparison']['metrics'][number]
type Summary = EvaluationAnalysisView['versions'][number]['summary']

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–'
  const r = Number(x.toFixed(digits))
  return (Object.is(r, -0) ? 0 : r).toString().replace('-', '−')
}

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${fmt(x * 100, 1)}%`)

const CSS = `
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;margin:24px;max-width:1100px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ccc;padding-bottom:2px}h3{font-size:14px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border:1px solid #d0d0d0;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#0a6b2d;font-weight:600}.fail{color:#a4000f;font-weight:600}.muted{color:#666}.small{font-size:11px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid currentColor}
.cols{display:grid;grid-template-columns:1fr 1fr 1fr;gap:8px}.cols>div{border:1px solid #d0d0d0;padding:6px}
ins{background:#dff5e3;text-decoration:none}del{background:#fde2e2}
@media print{body{margin:0}h2{break-after:avoid}table,.cols{break-inside:avoid}}
`

/** A horizontal interval around zero: the difference with its CI, scaled to the larger bound. */
function intervalSvg(m: Comparison): string {
  const w = 160
  const h = 16
  const low = m.interval?.low ?? null
  const high = m.interval?.high ?? null
  const d = m.difference
  const bounds = [low, high, d].filter((x): x is number => x !== null && Number.isFinite(x)).map(Math.abs)
  const span = Math.max(...bounds, 1e-9)
  const x = (v: number) => w / 2 + (v / span) * (w / 2 - 6)
  const colour = m.verdict === 'better' ? '#0a6b2d' : m.verdict === 'worse' ? '#a4000f' : '#555'
  const bar = low !== null && high !== null ? `<line x1="${x(low).toFixed(1)}" x2="${x(high).toFixed(1)}" y1="8" y2="8" stroke="${colour}" stroke-width="2"/>` : ''
  const dot = d !== null && Number.isFinite(d) ? `<circle cx="${x(d).toFixed(1)}" cy="8" r="3" fill="${colour}"/>` : ''
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="difference and interval"><line x1="${w / 2}" x2="${w / 2}" y1="0" y2="${h}" stroke="#999" stroke-dasharray="2 2"/>${bar}${dot}</svg>`
}

/** Bars per version for a few rates (0..1), side by side. */
function ratesSvg(versions: { name: string; summary: Summary }[]): string {
  const metrics: [string, (s: Summary) => number | null][] = [
    ['Evidence failures', (s) => s.evidence.failureRate],
    ['Missed critical (reports)', (s) => (s.reports === 0 ? null : s.missedCritical.reports / s.reports)],
    ['Finding F1 (mean)', (s) => s.findings.meanF1],
    ['Severity as signed', (s) => s.severity.exact],
  ]
  const palette = ['#4c6ef5', '#f08c00', '#2b8a3e', '#c2255c', '#5f3dc4', '#0b7285', '#862e9c', '#e8590c', '#364fc7']
  const groupW = 60 + versions.length * 22
  const width = metrics.length * groupW + 20
  const height = 170
  let out = ''
  metrics.forEach(([label, f], g) => {
    versions.forEach((v, i) => {
      const value = f(v.summary)
      const hgt = value === null || !Number.isFinite(value) ? 0 : Math.max(0, Math.min(1, value)) * 120
      const x = 20 + g * groupW + i * 22
      out += `<rect x="${x}" y="${(130 - hgt).toFixed(1)}" width="18" height="${hgt.toFixed(1)}" fill="${palette[i % palette.length]}"><title>${esc(v.name)}: ${esc(pct(value))}</title></rect>`
    })
    out += `<text x="${20 + g * groupW}" y="148" font-size="10">${esc(label)}</text>`
  })
  const legend = versions.map((v, i) => `<tspan fill="${palette[i % palette.length]}">■</tspan> ${esc(v.name)}`).join('  ')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="rates per version"><line x1="15" x2="${width}" y1="130" y2="130" stroke="#999"/><text x="20" y="164" font-size="10">${legend}</text>${out}</svg>`
}

/** Each finding as one line, for reading and diffing. */
function findingLines(d: InterpretationDraft | null): string[] {
  if (d === null) return []
  return [`Overall: ${d.overall_severity}`, ...d.findings.map((f) => `[${f.severity}] ${f.statement}`)]
}

/** Lines of the draft not in the signed version are marked deleted, those it lacks inserted (a set diff: finding order is free). */
function diffHtml(draft: InterpretationDraft | null, signed: InterpretationDraft): string {
  const a = findingLines(draft)
  const b = findingLines(signed)
  const rows = [...a.filter((l) => !b.includes(l)).map((l) => `<del>− ${esc(l)}</del>`), ...b.filter((l) => !a.includes(l)).map((l) => `<ins>+ ${esc(l)}</ins>`)]
  return rows.length === 0 ? '<span class="muted">same findings</span>' : rows.join('<br>')
}

function draftBlock(title: string, d: InterpretationDraft | null, error: string | null): string {
  if (d === null) return `<div><h3>${esc(title)}</h3><p class="fail">Not a valid draft: ${esc(error ?? '')}</p></div>`
  const items = d.findings.map((f) => `<li>[${esc(f.severity)}] ${esc(f.statement)} <span class="muted small">${esc(f.evidence.join(', '))}</span></li>`).join('')
  return `<div><h3>${esc(title)}</h3><p>${esc(d.summary)}</p><ul>${items}</ul><p class="small">Overall: ${esc(d.overall_severity)}</p></div>`
}

export function renderEvalReportHtml(run: EvalRunDetail): string {
  const a = run.analysis
  const name = new Map(run.versions.map((v) => [v.versionId, v.name]))
  const nameOf = (id: number) => name.get(id) ?? `version ${id}`
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Evaluation run ${esc(run.id)}</title><style>${CSS}</style></head><body>`
  const set = run.set
  const filters = [set.kinds.length ? `kinds ${set.kinds.join(', ')}` : '', set.from ? `signed from ${set.from}` : '', set.to ? `to ${set.to}` : '', set.reviewer ? `reviewer ${set.reviewer}` : ''].filter(Boolean).join('; ')
  let body = `<h1>Evaluation run ${esc(run.id)}</h1>
<p>${run.gatePass === null ? `<span class="badge">${esc(run.state)}</span>` : run.gatePass ? '<span class="badge pass">Gate passed</span>' : '<span class="badge fail">Gate failed</span>'}
 ${esc(run.reportCount)} reports (${set.set === 'test' ? 'frozen test split' : 'all signed reports'}${filters ? `; ${esc(filters)}` : ''}); temperature 0, seed ${esc(run.seed)}; gate ${esc(run.gate.version)}.
 Created ${esc(run.createdAt)} by ${esc(run.createdBy)}${run.finishedAt ? `, finished ${esc(run.finishedAt)}` : ''}.</p>
<table><tr><th>Version</th><th>Role</th><th>Fingerprint</th></tr>${run.versions.map((v) => `<tr><td>${esc(v.name)}</td><td>${esc(v.role)}</td><td class="small">${esc(v.fingerprint.slice(0, 16))}…</td></tr>`).join('')}</table>`
  if (a === null) return `${head}${body}<p>The run is not done: no results yet.</p></body></html>`

  body += `<h2>Results per version</h2>${ratesSvg(a.versions.map((v) => ({ name: nameOf(v.versionId), summary: v.summary })))}
<table><tr><th>Version</th><th>Valid drafts</th><th>Evidence failures</th><th>Missed critical (reports)</th><th>Called critical normal</th><th>Finding P / R / F1 (mean)</th><th>Severity exact</th><th>Weighted κ (quadratic)</th><th>Predicted correction rate</th><th>ROUGE-L / chrF</th></tr>
${a.versions
  .map((v) => {
    const s = v.summary
    return `<tr><td>${esc(nameOf(v.versionId))}</td><td class="n">${s.schemaValid} / ${s.reports}</td><td class="n">${pct(s.evidence.failureRate)}</td><td class="n">${s.missedCritical.reports}</td><td class="n">${s.criticalCalledNormal.reports}</td><td class="n">${fmt(s.findings.meanPrecision)} / ${fmt(s.findings.meanRecall)} / ${fmt(s.findings.meanF1)}</td><td class="n">${pct(s.severity.exact)}</td><td class="n">${fmt(s.severity.rated.kappa.quadratic)}</td><td class="n">${pct(s.corrections.rate)}</td><td class="n">${fmt(s.summary.meanRougeL)} / ${fmt(s.summary.meanChrF)}</td></tr>`
  })
  .join('\n')}</table>
<h3>Errors by kind</h3><table><tr><th>Version</th>${Object.keys(a.versions[0]?.summary.errors ?? {}).map((k) => `<th>${esc(k.replace(/_/g, ' '))}</th>`).join('')}</tr>
${a.versions.map((v) => `<tr><td>${esc(nameOf(v.versionId))}</td>${Object.values(v.summary.errors).map((n) => `<td class="n">${esc(n)}</td>`).join('')}</tr>`).join('\n')}</table>
<h3>Cost</h3><table><tr><th>Version</th><th>Drafts</th><th>Prompt tokens (mean)</th><th>Output tokens (mean)</th><th>Tokens/s (median)</th><th>Time to first token ms (median)</th><th>Total drafting s</th></tr>
${a.versions.map((v) => `<tr><td>${esc(nameOf(v.versionId))}</td><td class="n">${v.cost.drafts}</td><td class="n">${fmt(v.cost.promptTokens.mean, 0)}</td><td class="n">${fmt(v.cost.outputTokens.mean, 0)}</td><td class="n">${fmt(v.cost.tokensPerSecond.median, 1)}</td><td class="n">${fmt(v.cost.timeToFirstTokenMs.median, 0)}</td><td class="n">${fmt(v.cost.totalWallMs / 1000, 1)}</td></tr>`).join('\n')}</table>`

  for (const c of a.candidates) {
    const g = c.gate
    body += `<h2>${esc(nameOf(c.versionId))} against the baseline</h2>
<p>${g.pass ? '<span class="pass">Gate passed</span>' : '<span class="fail">Gate failed</span>'} (${esc(g.gate.name)}, ${esc(g.gate.gateVersion)}, ${esc(g.reports)} paired reports)</p>
${g.reasons.length ? `<ul>${g.reasons.map((r) => `<li class="fail">${esc(r)}</li>`).join('')}</ul>` : ''}
<table><tr><th>Criterion</th><th>Result</th><th>Why</th></tr>${g.criteria.map((k) => `<tr><td>${esc(k.id)}</td><td class="${k.pass ? 'pass' : 'fail'}">${k.pass ? 'pass' : 'fail'}</td><td>${esc(k.reason)}</td></tr>`).join('')}</table>
<h3>Paired comparison (candidate − baseline, ${esc(Math.round((c.comparison.metrics[0]?.interval?.level ?? 0.95) * 100))}% paired bootstrap interval)</h3>
<table><tr><th>Metric</th><th>Baseline</th><th>Candidate</th><th>Difference</th><th>Interval</th><th></th><th>Test, p</th><th>Verdict</th></tr>
${c.comparison.metrics
  .map(
    (m) =>
      `<tr><td>${esc(m.label)}</td><td class="n">${fmt(m.baseline)}</td><td class="n">${fmt(m.candidate)}</td><td class="n">${fmt(m.difference)}</td><td class="n">${m.interval ? `${fmt(m.interval.low)} to ${fmt(m.interval.high)}` : '–'}</td><td>${intervalSvg(m)}</td><td class="small">${m.test ? `${esc(m.test.name)}, ${fmt(m.test.pValue, 4)}` : '–'}</td><td>${esc(m.verdict)}</td></tr>`,
  )
  .join('\n')}</table>
<h3>Subgroups</h3><p class="small muted">Subgroups under the minimum size are marked too small: point values only, no interval, no conclusion.</p>
<table><tr><th>Dimension</th><th>Value</th><th>Reports</th><th>Missed critical Δ</th><th>Evidence failure Δ</th><th>Finding F1 Δ (interval)</th><th></th></tr>
${c.subgroups
  .map((sg) => {
    const m = (k: string) => sg.comparison.metrics.find((x) => x.metric === k)
    const f1 = m('finding_f1')
    return `<tr><td>${esc(sg.dimension)}</td><td>${esc(sg.value)}</td><td class="n">${sg.reports}</td><td class="n">${fmt(m('missed_critical')?.difference)}</td><td class="n">${fmt(m('evidence_failure')?.difference)}</td><td class="n">${fmt(f1?.difference)}${f1?.interval ? ` (${fmt(f1.interval.low)} to ${fmt(f1.interval.high)})` : ''}</td><td>${sg.tooSmall ? '<span class="muted">too small</span>' : ''}</td></tr>`
  })
  .join('\n')}</table>
<h3>Reports where the candidate does worst</h3>`
    const worst = run.worstDrafts.filter((w) => w.candidateVersionId === c.versionId)
    if (worst.length === 0) body += '<p class="muted">None: the candidate is not worse on any report.</p>'
    for (const w of worst) {
      const d = c.worst.find((x) => x.reportId === w.reportId)
      body += `<h3>Report ${esc(w.reportId)}</h3><p class="small">Missed critical Δ ${fmt(d?.missedCritical)}, called normal Δ ${fmt(d?.criticalCalledNormal)}, evidence failure Δ ${fmt(d?.evidenceFailure)}, finding F1 Δ ${fmt(d?.f1)}</p>
<div class="cols">${draftBlock(`Baseline (${nameOf(w.baseline.versionId)})`, w.baseline.draft, w.baseline.schemaError)}${draftBlock(`Candidate (${nameOf(w.candidate.versionId)})`, w.candidate.draft, w.candidate.schemaError)}${draftBlock('Signed', w.signed, null)}</div>
<p class="small"><b>Candidate against signed:</b><br>${diffHtml(w.candidate.draft, w.signed)}</p>`
    }
  }
  return `${head}${body}<p class="small muted">Evaluation drafts are never a report's draft and never exported. Generated by Readout.</p></body></html>`
}
