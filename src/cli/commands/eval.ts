// `readout eval run|show|list|cancel`: evaluation runs of model versions against signed reports, for people and ML pipelines (exit 3: gate failed).
import { readFileSync, writeFileSync } from 'node:fs'
import type { EvalRunDetail, EvalRunSummary } from '../../shared/contract/eval'
import type { EventPayload } from '../../shared/contract/events'
import { call, CliError, openCliServices, parseCommandArgs, printJson, out, type CliSession, type Command } from '../common'

/** The exit status when every step worked but a candidate failed the release gate. */
export const EXIT_GATE_FAILED = 3

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`)
const num = (x: number | null, d = 3) => (x === null ? '–' : x.toFixed(d))

function runLine(r: EvalRunSummary): string {
  const gate = r.gatePass === null ? '' : r.gatePass ? 'gate passed' : 'GATE FAILED'
  const versions = r.versions.map((v) => `${v.role === 'baseline' ? '' : 'vs '}${v.name}`).join(' ')
  return `${String(r.id).padStart(4)}  ${r.state.padEnd(9)} ${`${r.progress.done}/${r.progress.total}`.padEnd(11)} ${String(r.reportCount).padStart(5)} reports  ${r.createdAt.slice(0, 16)}  ${versions}  ${gate}`
}

/** The results as a table: one line per version, then each candidate's gate with its reasons. */
function resultText(d: EvalRunDetail): string {
  const a = d.analysis
  if (a === null) return `Evaluation run ${d.id} is ${d.state}${d.error ? `: ${d.error}` : ''} (${d.progress.done}/${d.progress.total} drafts).\n`
  const name = new Map(d.versions.map((v) => [v.versionId, v.name]))
  const head = `${'version'.padEnd(28)} ${'valid'.padStart(7)} ${'evid.fail'.padStart(9)} ${'missed crit'.padStart(11)} ${'F1'.padStart(6)} ${'severity'.padStart(8)} ${'corr.rate'.padStart(9)} ${'tok/s'.padStart(6)}\n`
  const rows = a.versions
    .map((v) => {
      const s = v.summary
      return `${(name.get(v.versionId) ?? String(v.versionId)).padEnd(28)} ${`${s.schemaValid}/${s.reports}`.padStart(7)} ${pct(s.evidence.failureRate).padStart(9)} ${String(s.missedCritical.reports).padStart(11)} ${num(s.findings.meanF1).padStart(6)} ${pct(s.severity.exact).padStart(8)} ${pct(s.corrections.rate).padStart(9)} ${num(v.cost.tokensPerSecond.median, 1).padStart(6)}\n`
    })
    .join('')
  const gates = a.candidates
    .map((c) => `${name.get(c.versionId) ?? c.versionId}: ${c.gate.pass ? 'gate passed' : 'GATE FAILED'} (${c.gate.gate.gateVersion})\n${c.gate.reasons.map((r) => `  - ${r}\n`).join('')}`)
    .join('')
  return `Evaluation run ${d.id}: ${a.reports} reports, seed ${d.seed}\n${head}${rows}${gates}`
}

/** Progress on stderr: rewritten in place on a terminal, at most every few seconds otherwise (a pipeline's log). */
function followProgress(cli: CliSession, runId: number): () => void {
  let last = 0
  const tty = process.stderr.isTTY
  const off = cli.services.events.onAny((event, payload) => {
    if (event !== 'eval.progress') return
    const p = payload as EventPayload<'eval.progress'>
    if (p.runId !== runId) return
    const now = Date.now()
    const final = p.done === p.total || p.state !== 'running'
    if (!tty && !final && now - last < 5000) return
    last = now
    const eta = p.etaSeconds === null ? '' : `, about ${p.etaSeconds} s left`
    const per = p.versions.map((v) => `${v.done}/${v.total}`).join(' · ')
    process.stderr.write(`${tty ? '\r' : ''}eval run ${runId}: ${p.done}/${p.total} drafts (${per})${eta}   ${tty && !final ? '' : '\n'}`)
  })
  return off
}

/** Prints the run (and writes its report); the exit status says whether the gate passed. */
async function show(cli: CliSession, runId: number, values: { json?: boolean; html?: string }): Promise<EvalRunDetail> {
  const detail = await call<EvalRunDetail>(cli, 'eval.show', { id: runId })
  if (values.html !== undefined && detail.analysis !== null) writeFileSync(values.html, (await call<{ html: string }>(cli, 'eval.reportHtml', { id: runId })).html)
  if (values.json) printJson(detail)
  else out(resultText(detail))
  return detail
}

/** After `eval run`: a run that did not finish is an error (with how to resume); a finished one exits by its gate. */
async function finish(cli: CliSession, runId: number, values: { json?: boolean; html?: string }): Promise<number> {
  const detail = await show(cli, runId, values)
  if (detail.state === 'failed') throw new CliError(`evaluation run ${runId} failed: ${detail.error ?? 'no reason recorded'}. Resume it with: readout eval run --resume ${runId}`)
  if (detail.state !== 'done') throw new CliError(`evaluation run ${runId} is ${detail.state}. Resume it with: readout eval run --resume ${runId}`)
  return detail.gatePass ? 0 : EXIT_GATE_FAILED
}

function runId(arg: string | undefined, usage: string): number {
  if (arg === undefined || !/^[1-9]\d*$/.test(arg)) throw new CliError(`usage: ${usage} (ID from readout eval list)`)
  return Number(arg)
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Evaluate model versions against signed reports (paired statistics, subgroups, release gate)',
  usage:
    'readout eval run --baseline SPEC --candidate SPEC [--candidate SPEC…] [--set test|all] [--kind K…] [--from D] [--to D]\n' +
    '                         [--reviewer USER] [--gate FILE] [--seed N] [--html FILE] [--json]\n' +
    '       readout eval run --resume ID [--html FILE] [--json]   continue a run after a crash, a cancel or a failure\n' +
    '       readout eval show ID [--html FILE] [--json]            a run with its results (--html: the printable report)\n' +
    '       readout eval list [--json]                              every run with its state and gate outcome\n' +
    '       readout eval cancel ID [--json]                         stop a run; its drafts are kept for --resume\n\n' +
    'SPEC is a version name, or BASE_ID[+ADAPTER_ID:SCALE…] (registered as a candidate version if new). The set is the\n' +
    "export's frozen test split by default (--set all: every signed report); drafts at temperature 0 with the run's seed.\n" +
    'Progress goes to stderr, results to stdout. Exit status: 0 the gate passed, 3 a candidate failed the gate,\n' +
    '1 the run could not be made or failed (the reason on stderr), 2 an internal error. Needs the ml or admin role.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        baseline: { type: 'string' },
        candidate: { type: 'string', multiple: true },
        set: { type: 'string' },
        kind: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        reviewer: { type: 'string' },
        gate: { type: 'string' },
        seed: { type: 'string' },
        resume: { type: 'string' },
        html: { type: 'string' },
      },
      true,
    )
    const [sub, arg, extra] = positionals
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`)
    if (sub === 'run' && arg !== undefined) throw new CliError(`unexpected argument "${arg}": a run resumes with --resume ID`)
    if (sub === 'run' && values.resume === undefined && (values.baseline === undefined || !values.candidate?.length)) {
      throw new CliError('usage: readout eval run --baseline SPEC --candidate SPEC [--candidate SPEC…] (or --resume ID)')
    }
    if (values.set !== undefined && values.set !== 'test' && values.set !== 'all') throw new CliError(`--set must be test or all, got "${values.set}"`)
    if (values.seed !== undefined && !/^\d{1,10}$/.test(values.seed)) throw new CliError(`--seed must be a whole number, got "${values.seed}"`)
    let gateText: string | undefined
    if (values.gate !== undefined) {
      try {
        gateText = readFileSync(values.gate, 'utf8')
      } catch (err) {
        throw new CliError(`cannot read the gate file ${values.gate}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
      }
    }
    const cli = await openCliServices(values)
    try {
      if (sub === 'run') {
        let id: number
        if (values.resume !== undefined) {
          id = runId(values.resume, 'readout eval run --resume ID')
          const stop = followProgress(cli, id)
          await call<EvalRunSummary>(cli, 'eval.resume', { id })
          await cli.services.evalRuns.wait(id)
          stop()
        } else {
          const started = await call<EvalRunSummary>(cli, 'eval.start', {
            baseline: values.baseline,
            candidates: values.candidate,
            ...(values.set !== undefined ? { set: values.set } : {}),
            ...(values.kind?.length ? { kinds: values.kind } : {}),
            ...(values.from !== undefined ? { from: values.from } : {}),
            ...(values.to !== undefined ? { to: values.to } : {}),
            ...(values.reviewer !== undefined ? { reviewer: values.reviewer } : {}),
            ...(gateText !== undefined ? { gateText } : {}),
            ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
          })
          id = started.id
          process.stderr.write(`eval run ${id}: ${started.reportCount} reports × ${started.versions.length} versions (resume with: readout eval run --resume ${id})\n`)
          const stop = followProgress(cli, id)
          await cli.services.evalRuns.wait(id)
          stop()
        }
        return await finish(cli, id, values)
      }
      if (sub === 'show') {
        // A run not done yet is shown with its state and progress (exit 0); a done one exits by its gate, as `run` does.
        const detail = await show(cli, runId(arg, 'readout eval show ID'), values)
        return detail.state === 'done' && detail.gatePass === false ? EXIT_GATE_FAILED : 0
      }
      if (sub === 'list') {
        if (arg !== undefined) throw new CliError(`unexpected argument "${arg}"`)
        const list = await call<EvalRunSummary[]>(cli, 'eval.list', {})
        if (values.json) printJson(list)
        else if (list.length === 0) out("No evaluation runs yet: 'readout eval run --baseline SPEC --candidate SPEC' starts one.\n")
        else for (const r of list) out(runLine(r) + '\n')
        return 0
      }
      if (sub === 'cancel') {
        const r = await call<EvalRunSummary>(cli, 'eval.cancel', { id: runId(arg, 'readout eval cancel ID') })
        if (values.json) printJson(r)
        else out(`evaluation run ${r.id} cancelled with ${r.progress.done}/${r.progress.total} drafts kept; resume with: readout eval run --resume ${r.id}\n`)
        return 0
      }
      throw new CliError("use 'readout eval run', 'readout eval show ID', 'readout eval list' or 'readout eval cancel ID'")
    } finally {
      cli.services.close()
    }
  },
}
