// Every `readout … --json` prints exactly one JSON document on stdout, even while libraries print: the inputs make
// the UCUM library (units with blanks), pdf.js (damaged PDFs), fast-xml-parser (broken XML) and the CSV readers
// complain, through imports, the MLLP listener, `readout serve` and the model engine; and the users, audit, review and
// sign commands. Commands act as the test administrator (test/helpers/cli.ts). The command list comes from
// `readout --help`, so a new command or subcommand without a case here fails the test.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import { silentLogger } from '../../src/main/log'
import { createServices } from '../../src/main/services'
import { getReport } from '../../src/main/store/reportRead'
import { getUser } from '../../src/main/store/users'
import { minimalPdf } from '../fixtures/pdf/minimalPdf'
import { CLI_PASSWORD, CLI_USER, cliEnv, createCliUser, runCli } from '../helpers/cli'
import { evalReportHl7, signDirect, signedContent } from '../helpers/evalSet'
import { oru } from '../helpers/hl7'
import { storeDraft } from '../helpers/review'
import { CLI, REPO_ROOT } from '../helpers/serve'
import { makeTempDir } from '../helpers/services'

let dataDir: string
let work: string
let files: string
let models: { base: string; adapter: string }

/** `readout ARGS` as the test administrator. */
function readout(...args: string[]) {
  const r = runCli(dataDir, args)
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** `readout ARGS --json` as another account, `input` on stdin (a new password for --password-stdin). */
function jsonAs<T = unknown>(who: { username: string; password: string }, args: string[], input = ''): T {
  const r = spawnSync(process.execPath, [CLI, ...args, '--json', '--data-dir', dataDir, '--user', who.username], {
    encoding: 'utf8',
    env: cliEnv({ READOUT_PASSWORD: who.password }),
    input,
  })
  return oneJson<T>(r.stdout, args.join(' '))
}

/** Exactly one JSON document: JSON.parse refuses anything before or after it. */
function oneJson<T = unknown>(stdout: string, what: string): T {
  try {
    return JSON.parse(stdout) as T
  } catch (err) {
    throw new Error(`readout ${what} --json: stdout is not one JSON document (${String(err)}):\n${stdout.slice(0, 2000)}`)
  }
}

/** `readout ARGS --json` as the test administrator with `input` on stdin: one JSON document. */
function readoutWith<T = unknown>(args: string[], input: string): T {
  return oneJson<T>(runCli(dataDir, [...args, '--json'], { input }).stdout, args.join(' '))
}

function json<T = unknown>(...args: string[]): { value: T; stderr: string; code: number | null } {
  const r = readout(...args, '--json')
  return { value: oneJson<T>(r.stdout, args.join(' ')), stderr: r.stderr, code: r.code }
}

const ODD_UNIT = 'enzyme units'

function hl7WithOddUnits(controlId: string): string {
  return oru({
    controlId,
    mrn: `M-${controlId}`,
    results: [
      { code: '1920-8', display: 'AST', value: '31', unit: ODD_UNIT, range: '10-40' },
      { code: '2823-3', display: 'Potassium', value: '4.2', unit: 'mmol/L', range: '3.5-5.1' },
    ],
  })
}

/** A PDF whose cross-reference table points nowhere: pdf.js warns and rebuilds it. */
function damagedPdf(): Buffer {
  const text = Buffer.from(minimalPdf(['Vent. rate 72 BPM', 'PR interval 160 ms'])).toString('latin1')
  return Buffer.from(text.replace(/startxref\n\d+/, 'startxref\n999999').replace(/0000000\d{3} 00000 n/g, '0000000001 00000 n'), 'latin1')
}

function writeComplainingInputs(dir: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'odd-units.hl7'), hl7WithOddUnits('J1'))
  writeFileSync(
    join(dir, 'odd-units.astm'),
    ['H|\\^&|||Analyser^1|||||LIS||P|1', 'P|1||PAT-J2||Doe^Jane', 'O|1|S1||^^^AST', `R|1|^^^AST|31|${ODD_UNIT}|10-40|N||F`, 'L|1|N', ''].join('\r'),
  )
  writeFileSync(
    join(dir, 'odd-units.fhir.json'),
    JSON.stringify({
      resourceType: 'Observation',
      id: 'j3',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '1920-8', display: 'AST' }] },
      subject: { reference: 'Patient/p-j3' },
      effectiveDateTime: '2026-01-02T08:00:00Z',
      valueQuantity: { value: 31, unit: ODD_UNIT },
    }),
  )
  writeFileSync(join(dir, 'damaged.pdf'), damagedPdf())
  writeFileSync(join(dir, 'not-a-pdf.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0xff), Buffer.from('\n%%EOF\n')]))
  writeFileSync(join(dir, 'broken.xml'), '<?xml version="1.0"?>\n<AnnotatedECG xmlns="urn:hl7-org:v3"><id root="1"><code code="93000"</AnnotatedECG>')
  writeFileSync(join(dir, 'broken-muse.xml'), '<?xml version="1.0" encoding="ISO-8859-1"?>\n<RestingECG><MuseInfo><MuseVersion>9</MuseVersion></MuseInfo><RestingECGMeasurements><VentricularRate>72</VentricularRate>')
  writeFileSync(
    join(dir, 'broken-dexcom.csv'),
    '"Index","Timestamp (YYYY-MM-DDThh:mm:ss)","Event Type","Event Subtype","Patient Info","Device Info","Source Device ID","Glucose Value (mg/dL)"\n' +
      '"1","2024-03-01T00:02:00","EGV","","","","iOS G6","112\n"2","2024-03-01T00:07:00","EGV",,"x"y"\n',
  )
}

/** Runs a long-lived command (serve, listen) with --json, does `during` once its JSON is out, then stops it. */
async function longLived(args: string[], during: (info: Record<string, unknown>) => Promise<void>): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args, '--json', '--data-dir', dataDir], { env: cliEnv() })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = once(child, 'exit')
  const deadline = Date.now() + 30_000
  let info: Record<string, unknown> | undefined
  while (info === undefined) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`readout ${args.join(' ')} did not start: ${stderr}`)
    try {
      info = JSON.parse(stdout) as Record<string, unknown>
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  try {
    await during(info)
  } finally {
    child.kill('SIGTERM')
    await exited
  }
  return { stdout, stderr }
}

/** One HL7 message over MLLP; resolves with the ACK's MSA-1. */
async function sendMllp(port: number, message: string): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port })
  await once(socket, 'connect')
  socket.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from(message), Buffer.from([0x1c, 0x0d])]))
  let ack = ''
  for await (const chunk of socket as AsyncIterable<Buffer>) {
    ack += chunk.toString('latin1')
    if (ack.includes('\x1c')) break
  }
  socket.destroy()
  return /MSA\|([A-Z]{2})/.exec(ack)?.[1] ?? ack
}

beforeAll(async () => {
  expect(existsSync(join(REPO_ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true)
  dataDir = makeTempDir('readout-cli-json-')
  createCliUser(dataDir)
  work = makeTempDir('readout-cli-json-files-')
  files = join(work, 'inputs')
  writeComplainingInputs(files)
  models = await makeTestModels({ outDir: join(work, 'models') })
}, 120_000)
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

// Each case names the command line it covers (as `readout --help` and the commands' usage list them).
const covered = new Set<string>()
/** Each run starts Node and signs in (a deliberately slow password hash) before it acts; a case makes up to ~20 runs. */
const CLI_CASE_MS = 180_000
const cover = (name: string) => covered.add(name)

describe('readout --json: one JSON document on stdout, whatever a library prints', () => {
  it('import, with inputs every parsing library complains about', () => {
    cover('import')
    const r = json<{ imported: number; quarantined: number; results: { path: string; outcome: string }[] }>('import', files)
    expect(r.value.results.length).toBeGreaterThanOrEqual(8)
    expect(r.value.imported).toBeGreaterThanOrEqual(3)
    // The libraries did complain: their lines went to stderr, not stdout.
    expect(r.stderr).toContain(`Unit requested for unit string ${ODD_UNIT}`)
    // A second import of the same files: duplicates, still one document.
    cover('import')
    expect(json<{ duplicates: number }>('import', files).value.duplicates).toBeGreaterThanOrEqual(3)
  })

  it('info, reports list and reports show', () => {
    cover('info')
    expect(json<{ schemaVersion: number }>('info').value.schemaVersion).toBeGreaterThan(0)
    cover('reports list')
    const list = json<{ items: { id: number }[] }>('reports', 'list').value
    expect(list.items.length).toBeGreaterThanOrEqual(3)
    cover('reports show')
    for (const item of list.items) {
      const shown = json<{ observations: unknown[] }>('reports', 'show', String(item.id)).value
      expect(Array.isArray(shown.observations)).toBe(true)
    }
  }, CLI_CASE_MS)

  it('rules check, activate, run and reset (re-evaluating reports with unmapped units)', () => {
    const rules = join(work, 'site-rules.yaml')
    writeFileSync(rules, 'version: "site-1"\nname: Site rules\nrules: []\n')
    cover('rules check')
    expect(json<{ ok: boolean }>('rules', 'check', rules).value.ok).toBe(true)
    const bad = join(work, 'bad-rules.yaml')
    writeFileSync(bad, 'version: "1"\nname: x\nrules:\n  - id: a\n    kind: nonsense\n')
    const invalid = json<{ ok: boolean }>('rules', 'check', bad)
    expect(invalid.value.ok).toBe(false)
    expect(invalid.code).toBe(1)
    cover('rules activate')
    expect(json<{ reports: number }>('rules', 'activate', rules).value.reports).toBeGreaterThan(0)
    cover('rules run')
    expect(json<{ reports: number }>('rules', 'run').value.reports).toBeGreaterThan(0)
    cover('rules reset')
    expect(json<{ version: string }>('rules', 'reset').value.version).toBeTruthy()
  }, CLI_CASE_MS)

  it('models add, list, use, configure and remove; interpret --report and --all through the engine process', () => {
    cover('models add')
    const base = json<{ id: number; kind: string }>('models', 'add', models.base).value
    const adapter = json<{ id: number; kind: string }>('models', 'add', models.adapter).value
    expect([base.kind, adapter.kind]).toEqual(['base', 'adapter'])
    cover('models list')
    expect(json<{ models: unknown[] }>('models', 'list').value.models).toHaveLength(2)
    cover('models use')
    expect(json<{ baseModelId: number }>('models', 'use', String(base.id)).value.baseModelId).toBe(base.id)
    cover('models configure')
    expect(json<{ maxTokens: number }>('models', 'configure', '--max-tokens', '64', '--temperature', '0', '--threads', '1').value.maxTokens).toBe(64)
    cover('models remove')
    expect(json<{ removed: number }>('models', 'remove', String(adapter.id)).value).toEqual({ removed: adapter.id })

    const list = json<{ items: { id: number; kind: string }[] }>('reports', 'list').value
    cover('interpret --report')
    // A cut-off draft is an error (one line on stderr, nothing on stdout); a finished one is one document.
    const one = readout('interpret', '--report', String(list.items[0]!.id), '--json')
    if (one.code === 0) oneJson(one.stdout, 'interpret --report')
    else expect(one.stdout).toBe('')
    cover('interpret --all')
    const all = json<{ failures: unknown[] }>('interpret', '--all')
    expect(Array.isArray(all.value.failures)).toBe(true)
  }, 300_000)

  it('versions list and add; rollout status, shadow, canary, promote and rollback, as a signed-in user', () => {
    const dir = makeTempDir('readout-cli-json-rollout-')
    try {
      createCliUser(dir)
      const as = <T>(...args: string[]): T => {
        const r = runCli(dir, [...args, '--json'])
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0)
        return oneJson<T>(r.stdout, args.join(' '))
      }
      as('models', 'add', models.base)
      as('models', 'add', models.adapter)
      cover('versions add')
      const first = as<{ id: number }>('versions', 'add', '1', '--name', 'first')
      const second = as<{ id: number }>('versions', 'add', '1+2:0.5', '--name', 'second')
      cover('versions list')
      expect(as<unknown[]>('versions', 'list')).toHaveLength(2)
      cover('rollout promote')
      expect(as<{ productionId: number }>('rollout', 'promote', 'first').productionId).toBe(first.id)
      cover('rollout canary')
      expect(as<{ canaryId: number }>('rollout', 'canary', 'second', '5').canaryId).toBe(second.id)
      cover('rollout shadow')
      expect(as<{ canaryId: number | null }>('rollout', 'shadow', 'second').canaryId).toBeNull()
      cover('rollout status')
      expect(as<{ versions: unknown[] }>('rollout', 'status').versions).toHaveLength(2)
      cover('rollout monitor')
      expect(as<{ productionId: number; versions: unknown[] }>('rollout', 'monitor').productionId).toBe(first.id)
      cover('rollout thresholds')
      expect(as<{ window: number }>('rollout', 'thresholds').window).toBe(50)
      expect(as<{ window: number; correctionRateMargin: number }>('rollout', 'thresholds', '--window', '30', '--correction-margin', '15%')).toMatchObject({ window: 30, correctionRateMargin: 0.15 })
      cover('rollout pause')
      // The canary went back to shadow above: only a canary can be paused, an error on stderr and nothing on stdout.
      const notCanary = runCli(dir, ['rollout', 'pause', 'second', '--reason', 'drafts look off', '--json'])
      expect([notCanary.status, notCanary.stdout]).toEqual([1, ''])
      expect(notCanary.stderr).toContain('only the canary')
      cover('rollout resume')
      const notPaused = runCli(dir, ['rollout', 'resume', 'first', '--json'])
      expect([notPaused.status, notPaused.stdout]).toEqual([1, ''])
      expect(notPaused.stderr).toContain('not a paused canary')
      cover('rollout rollback')
      // The first production has nothing before it: an error on stderr and nothing on stdout.
      const r = runCli(dir, ['rollout', 'rollback', '--json'])
      expect([r.status, r.stdout]).toEqual([1, ''])
      expect(r.stderr).toContain('first production version')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)

  it('eval run, show, list and cancel: one document each (a failed gate exits 3 and still prints it)', () => {
    const dir = makeTempDir('readout-cli-json-eval-')
    try {
      createCliUser(dir)
      const run = (...args: string[]) => runCli(dir, [...args, '--json'])
      const as = <T>(status: number, ...args: string[]): T => {
        const r = run(...args)
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(status)
        return oneJson<T>(r.stdout, args.join(' '))
      }
      as(0, 'models', 'add', models.base)
      as(0, 'models', 'add', models.adapter)
      as(0, 'models', 'configure', '--threads', '1')
      writeFileSync(join(dir, 'r.hl7'), evalReportHl7(0))
      as(0, 'import', join(dir, 'r.hl7'))
      const s = createServices({ dataDir: dir, version: 'test', runtime: 'node', logger: silentLogger })
      try {
        const u = getUser(s.db, 1)!
        signDirect(s.db, 1, signedContent(getReport(s.db, 1)!), { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles })
      } finally {
        s.close()
      }
      // The shipped gate wants 30 reports: one report fails it, and the document is printed all the same.
      cover('eval run')
      expect(as<{ state: string; gatePass: boolean }>(3, 'eval', 'run', '--baseline', '1', '--candidate', '1+2:1', '--set', 'all')).toMatchObject({ state: 'done', gatePass: false })
      cover('eval show')
      expect(as<{ analysis: unknown }>(3, 'eval', 'show', '1').analysis).not.toBeNull()
      cover('eval list')
      expect(as<unknown[]>(0, 'eval', 'list')).toHaveLength(1)
      cover('eval cancel')
      // A finished run cannot be cancelled: the reason on stderr, nothing on stdout.
      const r = run('eval', 'cancel', '1')
      expect([r.status, r.stdout]).toEqual([1, ''])
      expect(r.stderr).toContain('is done')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, CLI_CASE_MS)

  it('listen: one document while messages with odd units arrive over MLLP', async () => {
    cover('listen')
    const { stdout, stderr } = await longLived(['listen', '--mllp', '0'], async (info) => {
      const port = (info.mllp as { port: number }).port
      expect(await sendMllp(port, hl7WithOddUnits('L1'))).toBe('AA')
    })
    expect(oneJson<{ mllp: { port: number } }>(stdout, 'listen').mllp.port).toBeGreaterThan(0)
    expect(stderr).toContain(`Unit requested for unit string ${ODD_UNIT}`)
  }, 60_000)

  it('serve: one document while the browser imports files that make libraries complain', async () => {
    cover('serve')
    const { stdout, stderr } = await longLived(['serve', '--mllp', '0'], async (info) => {
      const headers = { Authorization: `Bearer ${String(info.token)}`, 'Content-Type': 'application/json' }
      const signIn = await fetch(`http://127.0.0.1:${String(info.port)}/rpc/auth.signIn`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: CLI_USER, password: CLI_PASSWORD }),
      })
      expect(((await signIn.json()) as { ok: boolean }).ok).toBe(true)
      const session = signIn.headers.get('set-cookie')?.split(';')[0] ?? ''
      const upload = ['odd-units.hl7', 'damaged.pdf', 'broken.xml'].map((name) => ({ name, contentBase64: readFileSync(join(files, name)).toString('base64') }))
      upload.push({ name: 'odd-units-2.hl7', contentBase64: Buffer.from(hl7WithOddUnits('S1')).toString('base64') })
      const r = await fetch(`http://127.0.0.1:${String(info.port)}/rpc/import.files`, {
        method: 'POST',
        headers: { ...headers, Cookie: session },
        body: JSON.stringify({ files: upload }),
      })
      expect(((await r.json()) as { ok: boolean }).ok).toBe(true)
      expect(await sendMllp((info.mllp as { port: number }).port, hl7WithOddUnits('S2'))).toBe('AA')
    })
    expect(oneJson<{ url: string }>(stdout, 'serve').url).toMatch(/^http:\/\/127\.0\.0\.1:/)
    expect(stderr).toContain(`Unit requested for unit string ${ODD_UNIT}`)
  }, 60_000)

  it('users add, list, set-roles, disable, enable, reset-password and change-password', () => {
    const tech = { username: 'json-tech', password: 'saffron tunnel pebble 8' }
    cover('users add')
    const added = readoutWith(['users', 'add', tech.username, '--role', 'technician', '--password-stdin'], tech.password)
    expect(added).toMatchObject({ username: tech.username, roles: ['technician'] })
    cover('users list')
    expect(json<{ username: string }[]>('users', 'list').value.map((u) => u.username)).toEqual([CLI_USER, tech.username])
    cover('users set')
    expect(json<{ roles: string[] }>('users', 'set-roles', tech.username, '--role', 'technician,clinician').value.roles).toEqual(['technician', 'clinician'])
    cover('users disable')
    expect(json<{ disabled: boolean }>('users', 'disable', tech.username).value.disabled).toBe(true)
    cover('users enable')
    expect(json<{ disabled: boolean }>('users', 'enable', tech.username).value.disabled).toBe(false)
    cover('users reset')
    const temporary = 'temporary words here 1'
    expect(readoutWith(['users', 'reset-password', tech.username, '--password-stdin'], temporary)).toMatchObject({ username: tech.username, mustChangePassword: true })
    cover('users change')
    const changed = jsonAs<{ username: string; mustChangePassword: boolean }>({ ...tech, password: temporary }, ['users', 'change-password', '--password-stdin'], tech.password)
    expect(changed).toMatchObject({ username: tech.username, mustChangePassword: false })
    expect(jsonAs<{ items: unknown[] }>(tech, ['reports', 'list']).items.length).toBeGreaterThan(0)
  }, CLI_CASE_MS)

  it('review show, save and apply, and sign, on a stored model draft', () => {
    const reportId = json<{ items: { id: number; kind: string }[] }>('reports', 'list').value.items.find((r) => r.kind === 'lab')!.id
    const services = createServices({ dataDir, version: 'test', runtime: 'node', logger: silentLogger })
    try {
      const observation = getReport(services.db, reportId)!.observations[0]!
      storeDraft(services, reportId, {
        summary: 'One result.',
        findings: [{ statement: `${observation.display} is reported.`, severity: 'normal', evidence: [`O${observation.id}`], recommendation: null }],
        overall_severity: 'normal',
        comparison_with_prior: null,
        limitations: 'None.',
      })
    } finally {
      services.close()
    }
    cover('review show')
    const shown = json<{ status: string; rowVersion: number; draftFindings: { draftIndex: number }[] }>('review', 'show', String(reportId)).value
    expect(shown.draftFindings.map((f) => f.draftIndex)).toEqual([0])
    const document = join(work, 'review.json')
    cover('review save')
    writeFileSync(document, JSON.stringify({ baseVersion: shown.rowVersion, findings: [] }))
    const saved = json<{ rowVersion: number }>('review', 'save', String(reportId), '--file', document).value
    expect(saved.rowVersion).toBeGreaterThan(shown.rowVersion)
    cover('review apply')
    writeFileSync(document, JSON.stringify({ baseVersion: saved.rowVersion, findings: [{ draftIndex: 0, action: 'accept' }] }))
    expect(json<{ status: string }>('review', 'apply', String(reportId), '--file', document).value.status).toBe('in_review')
    cover('sign')
    expect(json<{ status: string }>('sign', String(reportId)).value.status).toBe('signed')
  }, CLI_CASE_MS)

  it('export (of the report signed above), history, preview and reset-splits; models remote list', () => {
    const out = join(work, 'dataset')
    const exported = json<{ items: number; files: string[] }>('export', '--format', 'openai-chat,trl-kto', '--out', out).value
    expect(exported.items).toBeGreaterThanOrEqual(1)
    expect(existsSync(join(out, 'DATASET.md'))).toBe(true)
    cover('export history')
    expect(json<{ id: number }[]>('export', 'history').value.length).toBeGreaterThanOrEqual(1)
    cover('export preview')
    expect(json<{ matching: number }>('export', 'preview', '--format', 'openai-chat').value.matching).toBeGreaterThanOrEqual(1)
    cover('export reset')
    expect(json<{ removed: number }>('export', 'reset-splits', '--reason', 'a new hold-out set for the next round').value.removed).toBeGreaterThanOrEqual(1)
    cover('models remote')
    expect(json<{ backends: unknown[]; activeId: number | null }>('models', 'remote', 'list').value).toEqual({ backends: [], activeId: null })
  }, CLI_CASE_MS)

  it('audit verify, list and checkpoint', () => {
    cover('audit verify')
    expect(json<{ ok: boolean }>('audit', 'verify').value.ok).toBe(true)
    cover('audit list')
    expect(json<{ action: string }[]>('audit', 'list', '--limit', '500').value.map((e) => e.action)).toContain('review.sign')
    cover('audit checkpoint')
    expect(json<{ count: number }>('audit', 'checkpoint').value.count).toBeGreaterThan(0)
    expect(json<{ count: number }>('audit', 'checkpoint', '--out', join(work, 'checkpoint.json')).value.count).toBeGreaterThan(0)
  }, CLI_CASE_MS)

  it('covers every command and subcommand the CLI lists', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout
    const commands = [...help.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!)
    expect(commands.length).toBeGreaterThanOrEqual(8)
    const listed: string[] = []
    for (const command of commands) {
      const usage = spawnSync(process.execPath, [CLI, command, '--help'], { encoding: 'utf8' }).stdout
      // "readout models add PATH", "readout interpret (--report ID | --all)", "readout info [--data-dir DIR]",
      // "readout users set-roles NAME" (users set), "readout users disable|enable NAME" (both)
      const alternatives = [...usage.matchAll(new RegExp(`readout ${command} [a-z]+((?:\\|[a-z]+)+)`, 'g'))].flatMap((m) => m[1]!.split('|').slice(1))
      const subs = [...usage.matchAll(new RegExp(`readout ${command} ([a-z]+)\\b`, 'g'))].map((m) => `${command} ${m[1]}`)
      const modes = [...usage.matchAll(/(--report|--all)\b/g)].map((m) => `${command} ${m[1]}`)
      subs.push(...alternatives.map((a) => `${command} ${a}`))
      listed.push(...(subs.length > 0 ? subs : modes.length > 0 ? modes : [command]))
    }
    expect([...new Set(listed)].filter((c) => !covered.has(c))).toEqual([])
  }, CLI_CASE_MS)
})
