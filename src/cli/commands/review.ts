// `readout review show|apply|save` and `readout sign`: review a report's draft and sign it from scripts, as the user
// given with --user (password from READOUT_PASSWORD).
import { readFileSync } from 'node:fs'
import type { ReviewState } from '../../shared/contract/review'
import { REASON_CODES, REASON_CODES_VERSION } from '../../shared/domain/reasonCodes'
import { REVIEW_STATUS_LABELS } from '../../shared/domain/reviewLifecycle'
import { call, CliError, openCliServices, parseCommandArgs, printJson, type Command, out } from '../common'
import { readPasswordFromTty } from '../password'

function reportIdArg(arg: string | undefined, usage: string): number {
  const id = Number(arg)
  if (!arg || !Number.isInteger(id) || id < 1) throw new CliError(`usage: ${usage}`)
  return id
}

/** The JSON `review show` prints: the state, with the draft findings numbered for a review document's draftIndex. */
function showJson(s: ReviewState) {
  const issues = s.base.issues
  return {
    ...s,
    currentVersion: s.working?.version ?? s.versions.at(-1)?.version ?? null,
    draftFindings: (s.base.content?.findings ?? []).map((f, draftIndex) => ({ draftIndex, ...f, issues: issues.filter((i) => i.findingIndex === draftIndex) })),
    reasonCodes: { version: REASON_CODES_VERSION, codes: REASON_CODES },
  }
}

function showText(s: ReviewState): string {
  const lines = [`Report ${s.reportId}: ${REVIEW_STATUS_LABELS[s.status]} (row version ${s.rowVersion}; send it as baseVersion)`]
  if (s.deviceCorrection) lines.push(`  Device corrected after sign-off at ${s.deviceCorrection.at}: observations ${s.deviceCorrection.observationIds.map((id) => `O${id}`).join(', ')}`)
  if (s.returned) lines.push(`  Returned by ${s.returned.by.name} at ${s.returned.at}: ${s.returned.comment}`)
  lines.push(`Base: ${s.base.kind === 'draft' ? `model draft ${s.base.interpretationId}` : s.base.kind === 'version' ? `signed version ${s.base.versionId}` : 'none (write from scratch)'}`)
  s.base.content?.findings.forEach((f, i) => {
    lines.push(`  [${i}] ${f.severity.padEnd(8)} ${f.statement} (${f.evidence.join(', ') || 'no evidence'})`)
    for (const issue of s.base.issues.filter((x) => x.findingIndex === i)) lines.push(`        ! ${issue.message}`)
  })
  if (s.working) {
    lines.push(`Working version ${s.working.version}, sha256 ${s.working.contentSha256}`)
    for (const p of s.working.unfinished) lines.push(`  unfinished: ${p.path}: ${p.message}`)
    for (const i of s.signOff?.needsAcknowledgement ?? []) lines.push(`  needs acknowledgement: ${i.message}`)
  }
  for (const v of s.versions) {
    const signed = v.signature ? `signed by ${v.signature.signerName} at ${v.signature.signedAt} (${v.signature.meaning})` : 'working'
    lines.push(`Version ${v.version}: ${signed}; sha256 ${v.contentSha256}${v.reasonCodes.length ? `; reasons ${v.reasonCodes.join(', ')}` : ''}${v.amendmentReason ? `; amends v${v.version - 1}: ${v.amendmentReason}` : ''}`)
  }
  return lines.join('\n') + '\n'
}

function readDocument(path: string | undefined): unknown {
  if (!path) throw new CliError('give the review document with --file REVIEW.json')
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new CliError(`${path} is not JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
}

const REVIEW_USAGE =
  'readout review show ID [--json] --user NAME\n       readout review apply ID --file REVIEW.json --user NAME [--json]\n       readout review save ID --file REVIEW.json --user NAME [--json]\n\n' +
  '  show    the review: status, row version, draft findings with their draftIndex, working version, versions\n' +
  '  apply   a whole review document (every draft finding decided); see the README for its shape\n' +
  '  save    a working copy that may be unfinished (as the review screen autosaves)\n' +
  '  --user NAME   act as this user; the password comes from READOUT_PASSWORD'

export const reviewCommand: Command = {
  name: 'review',
  summary: 'Show a report\'s review, or apply a review document to its draft',
  usage: REVIEW_USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { user: { type: 'string' }, file: { type: 'string' } }, true)
    const [sub, arg] = positionals
    if (sub !== 'show' && sub !== 'apply' && sub !== 'save') throw new CliError("use 'readout review show ID', 'readout review apply ID --file REVIEW.json' or 'readout review save ID --file REVIEW.json'")
    const reportId = reportIdArg(arg, `readout review ${sub} ID`)
    const cli = await openCliServices(values, { quiet: true })
    try {
      const state =
        sub === 'show'
          ? await call<ReviewState>(cli, 'review.get', { reportId })
          : await call<ReviewState>(cli, sub === 'apply' ? 'review.apply' : 'review.save', { reportId, document: readDocument(values.file) })
      if (values.json) printJson(showJson(state))
      else out(showText(state))
      return 0
    } finally {
      cli.services.close()
    }
  },
}

export const signCommand: Command = {
  name: 'sign',
  summary: 'Sign a report\'s reviewed interpretation (clinician; password from READOUT_PASSWORD)',
  usage:
    'readout sign ID --user NAME [--acknowledge TEXT] [--json]\n\n' +
    '  Signs the working version shown by \'readout review show ID\'. The password in READOUT_PASSWORD is checked again\n' +
    '  as the signature\'s credential. --acknowledge TEXT says why a version whose evidence check still fails, or that\n' +
    '  calls normal what a critical rule finding flags, stands.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { user: { type: 'string' }, acknowledge: { type: 'string' } }, true)
    const reportId = reportIdArg(positionals[0], 'readout sign ID --user NAME')
    const cli = await openCliServices(values, { quiet: true })
    try {
      const before = await call<ReviewState>(cli, 'review.get', { reportId })
      if (!before.working) throw new CliError(`Report ${reportId} has no review to sign (${REVIEW_STATUS_LABELS[before.status]}): apply a review first.`)
      // The signature's credential is entered again: from READOUT_PASSWORD in scripts, else asked for on the terminal.
      const password = process.env.READOUT_PASSWORD ?? (process.stdin.isTTY ? await readPasswordFromTty('Password to sign: ') : undefined)
      const state = await call<ReviewState>(cli, 'review.sign', {
        reportId,
        contentSha256: before.working.contentSha256,
        password,
        ...(values.acknowledge !== undefined ? { acknowledgement: values.acknowledge } : {}),
      })
      const signed = state.versions.at(-1)!
      if (values.json) printJson(showJson(state))
      else out(`Signed report ${reportId} version ${signed.version} as ${signed.signature!.signerName} at ${signed.signature!.signedAt} (${signed.signature!.meaning}); sha256 ${signed.contentSha256}\n`)
      return 0
    } finally {
      cli.services.close()
    }
  },
}
