// `readout audit verify|list|checkpoint`: check the audit log against its anchors (and a checkpoint), list it, take a checkpoint.
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AuditCheckpointSchema, ListAuditInputSchema, type AuditCheckpoint, type AuditEvent, type AuditVerification } from '../../shared/contract/audit'
import { writeFileAtomic } from '../../main/audit/anchorVault'
import { auditTimeRange } from '../../main/audit/timeRange'
import type { Services } from '../../main/services'
import { appendAudit, listAudit } from '../../main/store/audit'
import { CliError, openCliServices, parseCommandArgs, printJson, type Command, out } from '../common'

/** Exit status of `audit verify` when the log was read and is not intact (1 stays "could not check": bad option, unreadable file). */
export const EXIT_BROKEN = 3

async function readCheckpoint(path: string): Promise<AuditCheckpoint> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new CliError(`cannot read the checkpoint ${path}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new CliError(`${path} is not JSON: give a checkpoint written by 'readout audit checkpoint' or the Audit page`)
  }
  const parsed = AuditCheckpointSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CliError(`${path}: ${issue?.path.join('.') || 'checkpoint'}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

function verifyText(v: AuditVerification): string {
  return v.ok ? `Audit log intact: ${v.message}\n` : `Audit log BROKEN (${v.reason}${v.firstBadId === null ? '' : `, first bad event ${v.firstBadId}`}): ${v.message}\n`
}

function listLine(e: AuditEvent): string {
  const subject = e.entityType ? `${e.entityType} ${e.entityId ?? ''}` : ''
  return `${String(e.id).padStart(7)}  ${e.at}  ${e.actor.padEnd(12)} ${e.action.padEnd(28)} ${subject.padEnd(14)} ${JSON.stringify(e.details)}`
}

function list(services: Services, values: Record<string, string | boolean | undefined>): AuditEvent[] {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined)
  const num = (k: string) => {
    const v = str(k)
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1) throw new CliError(`--${k} must be a whole number of 1 or more, got ${v}`)
    return n
  }
  const input = ListAuditInputSchema.safeParse({
    limit: num('limit') ?? 100,
    ...(str('user') ? { user: str('user') } : {}),
    ...(str('action') ? { action: str('action') } : {}),
    ...(num('report') ? { reportId: num('report') } : {}),
    ...(str('since') ? { since: str('since') } : {}),
    ...(str('until') ? { until: str('until') } : {}),
  })
  if (!input.success) {
    const issue = input.error.issues[0]
    throw new CliError(`--${String(issue?.path[0] ?? 'option')}: ${issue?.message ?? 'invalid'}`)
  }
  const q = input.data
  return listAudit(services.db, { limit: q.limit, actor: q.user, action: q.action, reportId: q.reportId, ...auditTimeRange(q.since, q.until) })
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify the audit log, list it, or take a checkpoint to keep elsewhere',
  usage:
    'readout audit verify [--checkpoint FILE] [--json]   check every row and the anchors; exits 3 when the log is broken\n' +
    '       readout audit list [--user U] [--action A] [--report ID] [--since DATE] [--until DATE] [--limit N] [--json]\n' +
    '       readout audit checkpoint [--out FILE] [--json]   count and head hash now, as JSON, to keep off this workstation\n\n' +
    "  --action A     an action (report.viewed) or a prefix ending in '.' (report.)\n" +
    '  --since/--until  YYYY-MM-DD (whole days, UTC) or a date-time with offset (2026-03-01T08:00:00Z)\n\n' +
    'These read the database file directly and need no sign-in: whoever can run them can read readout.db itself.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        checkpoint: { type: 'string' },
        out: { type: 'string' },
        user: { type: 'string' },
        action: { type: 'string' },
        report: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
      },
      true,
    )
    const [sub] = positionals
    if (sub !== 'verify' && sub !== 'list' && sub !== 'checkpoint') throw new CliError("use 'readout audit verify', 'list' or 'checkpoint'")
    const checkpoint = sub === 'verify' && values.checkpoint ? await readCheckpoint(values.checkpoint) : undefined
    const { services } = await openCliServices({ 'data-dir': values['data-dir'] }, { quiet: true, asUser: false })
    try {
      if (sub === 'verify') {
        const v = await services.audit.verify(checkpoint)
        if (values.json) printJson(v)
        else out(verifyText(v))
        return v.ok ? 0 : EXIT_BROKEN
      }
      if (sub === 'list') {
        const events = list(services, values)
        if (values.json) printJson(events)
        else {
          for (const e of events) out(listLine(e) + '\n')
          out(events.length ? `${events.length} events, newest first\n` : 'No audit events match.\n')
        }
        return 0
      }
      const cp = services.audit.checkpoint()
      appendAudit(services.db, { actor: 'cli', action: 'audit.checkpoint_exported', details: { count: cp.count } })
      const text = JSON.stringify(cp, null, 2) + '\n'
      if (values.out) {
        writeFileAtomic(resolve(values.out), text)
        if (!values.json) out(`Checkpoint of ${cp.count} events written to ${resolve(values.out)}. Keep it off this workstation.\n`)
      }
      if (values.json || !values.out) out(text)
      return 0
    } finally {
      services.close()
    }
  },
}
