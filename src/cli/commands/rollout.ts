// `readout versions list|add` and `readout rollout status|shadow|canary|promote|rollback`: model versions and their staged rollout.
import type { ModelVersion, RolloutStatus } from '../../shared/contract/rollout'
import { runMonitor, runThresholds } from './rolloutMonitor'
import { call, CliError, openCliServices, parseCommandArgs, printJson, out, type CliSession, type Command } from '../common'

function versionLine(v: ModelVersion): string {
  const adapters = v.adapters.map((a) => `+${a.modelId}:${a.scale}`).join('')
  const share = v.state === 'canary' ? ` ${v.canaryPercent}%${v.pausedReason === null ? '' : ' PAUSED'}` : ''
  return `${String(v.id).padStart(4)}  ${v.name.padEnd(28)} ${(v.state + share).padEnd(20)} ${`${v.baseModelId}${adapters}`.padEnd(16)} ${v.fingerprint.slice(0, 12)}  ${v.createdAt.slice(0, 10)} ${v.createdBy}`
}

function statusText(s: RolloutStatus): string {
  if (s.versions.length === 0) return "No model versions yet: 'readout versions add SPEC' registers one.\n"
  const name = (id: number | null) => (id === null ? 'none' : `${id} (${s.versions.find((v) => v.id === id)?.name ?? '?'})`)
  const previous = s.productionHistory.at(-2) ?? null
  return (
    `production: ${name(s.productionId)}   canary: ${name(s.canaryId)}   rollback goes to: ${name(previous)}\n` +
    s.versions.filter((v) => v.state !== 'retired').map((v) => versionLine(v) + '\n').join('')
  )
}

/** VERSION on the command line: an id, or a version's name looked up in the list. */
async function versionId(cli: CliSession, arg: string | undefined, usage: string): Promise<number> {
  if (arg === undefined || arg === '') throw new CliError(`usage: ${usage}`)
  if (/^[1-9]\d*$/.test(arg)) return Number(arg)
  const found = (await call<ModelVersion[]>(cli, 'versions.list', {})).find((v) => v.name === arg)
  if (found === undefined) throw new CliError(`no model version named "${arg}": 'readout versions list' shows them`)
  return found.id
}

function percentArg(arg: string | undefined): number {
  const n = arg === undefined ? Number.NaN : Number(arg.replace(/%$/, ''))
  if (arg === undefined || arg.trim() === '' || !Number.isFinite(n)) throw new CliError(`PERCENT must be a number above 0 and below 100, got ${arg ?? 'nothing'}`)
  return n
}

export const versionsCommand: Command = {
  name: 'versions',
  summary: 'List model versions, or register one (base model + adapters with scales)',
  usage:
    'readout versions list [--json]                      every model version with its rollout state\n' +
    '       readout versions add SPEC [--name NAME] [--json]   SPEC is BASE_ID[+ADAPTER_ID:SCALE…], ids from readout models list;\n' +
    '                                                     takes the current prompt template and sampling settings\n\n' +
    'Adding needs the ml or admin role.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { name: { type: 'string' } }, true)
    const [sub, arg, extra] = positionals
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`)
    const cli = await openCliServices(values)
    try {
      if (sub === 'list') {
        const list = await call<ModelVersion[]>(cli, 'versions.list', {})
        if (values.json) printJson(list)
        else if (list.length === 0) out("No model versions yet: 'readout versions add SPEC' registers one.\n")
        else for (const v of list) out(versionLine(v) + '\n')
        return 0
      }
      if (sub === 'add') {
        if (arg === undefined) throw new CliError('usage: readout versions add SPEC [--name NAME]')
        const v = await call<ModelVersion>(cli, 'versions.create', { spec: arg, ...(values.name !== undefined ? { name: values.name } : {}) })
        if (values.json) printJson(v)
        else out(`added model version ${v.id} "${v.name}" (candidate, fingerprint ${v.fingerprint.slice(0, 12)})\n`)
        return 0
      }
      throw new CliError("use 'readout versions list' or 'readout versions add SPEC [--name NAME]'")
    } finally {
      cli.services.close()
    }
  },
}

export const rolloutCommand: Command = {
  name: 'rollout',
  summary: 'Move model versions through shadow, canary and production, or roll back',
  usage:
    'readout rollout status [--json]                          production, canary, shadows, where rollback goes\n' +
    '       readout rollout shadow VERSION [--json]                  draft new reports in the background, never shown\n' +
    '       readout rollout canary VERSION PERCENT [--json]          draft this share of new reports (0 < PERCENT < 100)\n' +
    '       readout rollout promote VERSION [--evaluation RUN] [--json]  make it production; the old one is retired\n' +
    '       readout rollout rollback [--json]                        restore the previous production version\n' +
    '       readout rollout pause VERSION --reason TEXT [--json]     new reports go to production until resumed\n' +
    '       readout rollout resume VERSION [--json]                  a paused canary drafts its share again\n' +
    '       readout rollout monitor [--json]                         per-version review figures against production, with intervals\n' +
    '       readout rollout thresholds [--window N] [--min-reviews N] [--correction-margin X] [--evidence-margin X] [--json]\n' +
    '                                                                show or change the canary\'s alert thresholds (X: 0.1 or 10%)\n\n' +
    'VERSION is an id or a name from readout versions list. Every promotion after the first names the finished\n' +
    'evaluation run that compared the version (--evaluation). Changes need the ml or admin role and are audited.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        evaluation: { type: 'string' },
        reason: { type: 'string' },
        window: { type: 'string' },
        'min-reviews': { type: 'string' },
        'correction-margin': { type: 'string' },
        'evidence-margin': { type: 'string' },
      },
      true,
    )
    const [sub, arg, arg2, extra] = positionals
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`)
    const cli = await openCliServices(values)
    try {
      if (sub === 'monitor') {
        await runMonitor(cli, values.json)
        return 0
      }
      if (sub === 'thresholds') {
        await runThresholds(cli, values)
        return 0
      }
      let status: RolloutStatus
      if (sub === 'status') status = await call<RolloutStatus>(cli, 'rollout.status', {})
      else if (sub === 'shadow') status = await call<RolloutStatus>(cli, 'rollout.shadow', { versionId: await versionId(cli, arg, 'readout rollout shadow VERSION') })
      else if (sub === 'canary') {
        const id = await versionId(cli, arg, 'readout rollout canary VERSION PERCENT')
        status = await call<RolloutStatus>(cli, 'rollout.canary', { versionId: id, percent: percentArg(arg2) })
      } else if (sub === 'promote') {
        const id = await versionId(cli, arg, 'readout rollout promote VERSION [--evaluation RUN]')
        const run = values.evaluation
        if (run !== undefined && !/^[1-9]\d*$/.test(run)) throw new CliError(`--evaluation takes an evaluation run id (a whole number), got ${run}`)
        status = await call<RolloutStatus>(cli, 'rollout.promote', { versionId: id, ...(run !== undefined ? { evaluationRunId: Number(run) } : {}) })
      } else if (sub === 'rollback') status = await call<RolloutStatus>(cli, 'rollout.rollback', {})
      else if (sub === 'pause') {
        const id = await versionId(cli, arg, 'readout rollout pause VERSION --reason TEXT')
        if (values.reason === undefined) throw new CliError('usage: readout rollout pause VERSION --reason TEXT (say why: it is shown in the banner)')
        status = await call<RolloutStatus>(cli, 'rollout.pauseCanary', { versionId: id, reason: values.reason })
      } else if (sub === 'resume') status = await call<RolloutStatus>(cli, 'rollout.resumeCanary', { versionId: await versionId(cli, arg, 'readout rollout resume VERSION') })
      else throw new CliError("use 'readout rollout status', 'shadow VERSION', 'canary VERSION PERCENT', 'promote VERSION', 'rollback', 'pause VERSION', 'resume VERSION', 'monitor' or 'thresholds'")
      if (values.json) printJson(status)
      else out(statusText(status))
      return 0
    } finally {
      cli.services.close()
    }
  },
}
