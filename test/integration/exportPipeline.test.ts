// The export pipeline on a real SQLite file and real folders: planted identifiers never leave, leaks block, rows per
// outcome in every format, splits by patient that stay frozen, duplicates, filters, context limits, failures.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FORMAT_SCHEMAS, EXPORT_FORMATS, type ExportFormat } from '../../src/main/export/formats'
import { runExport, type ExportOptions, type ExportSource } from '../../src/main/export/pipeline'
import { dateSpellings } from '../../src/main/export/deid/spellings'
import { nameTerms } from '../../src/main/export/deid/scrub'
import { DEFAULT_RATIOS } from '../../src/main/export/hygiene/split'
import type { PatientIdentifiers } from '../../src/main/export/types'
import { openDatabase, type Db } from '../../src/main/store/db'
import { getExport } from '../../src/main/store/exports'
import { parseDraft } from '../../src/shared/domain/interpretation'
import { AppError } from '../../src/shared/errors'
import { listSource, plantedIdentifiers, seedPatients, syntheticItem, syntheticSource } from '../helpers/exportItems'
import { makeTempDir } from '../helpers/services'

let dir: string
let db: Db

beforeEach(() => {
  dir = makeTempDir('readout-export-')
  db = openDatabase(join(dir, 'readout.db'))
  seedPatients(db, 200)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

function opts(out: string, extra: Partial<ExportOptions> = {}): ExportOptions {
  return {
    formats: [...EXPORT_FORMATS],
    outDir: join(dir, out),
    seed: 7,
    ratios: DEFAULT_RATIOS,
    sinceExportId: null,
    filters: {},
    deidentify: true,
    minimumPerCondition: 300,
    contextSize: 8192,
    zip: false,
    actor: 'ml.user',
    appVersion: '0.0.0-test',
    ...extra,
  }
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

/** Every spelling of every identifier of the patient that must not appear in any byte of the output. */
function forbidden(ids: PatientIdentifiers): string[] {
  const out = new Set<string>()
  for (const t of nameTerms(ids.names)) if (t.length >= 3) out.add(t.toLowerCase())
  for (const id of ids.ids) out.add(id.toLowerCase())
  for (const s of dateSpellings(ids.birthDate ?? '')) out.add(s.toLowerCase())
  for (const p of ids.phones) {
    out.add(p.toLowerCase())
    out.add(p.replace(/\D/g, ''))
    out.add(p.replace(/\D/g, '').slice(-10))
  }
  for (const e of ids.emails) out.add(e.toLowerCase())
  for (const a of ids.addressParts) out.add(a.toLowerCase())
  for (const s of ids.deviceSerials) out.add(s.toLowerCase())
  return [...out]
}

describe('de-identification', () => {
  it('leaves no planted identifier in any byte of the output folder or the zip', async () => {
    const n = 60
    const r = await runExport(db, syntheticSource(n, { plant: true, patientOf: (i) => (i % 20) + 1 }), opts('planted', { zip: true }))
    expect(r.items).toBeGreaterThan(0)
    const out = join(dir, 'planted')
    const blobs = filesUnder(out).map((f) => ({ f, text: readFileSync(f).toString('utf8').toLowerCase() }))
    expect(blobs.map((b) => b.f.slice(out.length + 1)).sort()).toEqual(expect.arrayContaining(['DATASET.md', 'metadata.jsonl', 'deid-report.json', 'quality-report.json', 'openai-chat/train.jsonl', 'trl-kto/test.jsonl']))
    for (let p = 1; p <= 20; p++) {
      for (const term of forbidden(plantedIdentifiers(p))) {
        for (const { f, text } of blobs) if (text.includes(term)) throw new Error(`patient ${p}: "${term}" found in ${f}`)
      }
    }
    expect(existsSync(`${out}.zip`)).toBe(true)
    const deid = JSON.parse(readFileSync(join(out, 'deid-report.json'), 'utf8')) as { counts: Record<string, number>; residualScan: { found: number } }
    for (const c of ['name', 'identifier', 'birth_date', 'phone', 'email', 'address', 'device_serial', 'date']) expect(deid.counts[c], c).toBeGreaterThan(0)
    expect(deid.residualScan.found).toBe(0)
    // Free texts that travel with an item (reviewers' comments) are never written.
    expect(blobs.some(({ text }) => text.includes('called '))).toBe(false)
  })

  it('blocks the export on an identifier the scrubber missed, naming row and category, and leaves nothing', async () => {
    // The item carries incomplete identifiers (the nickname is not among them); the scan looks them up afresh.
    const nickname = 'Quokkabelle'
    const item = syntheticItem(3, { patientOf: () => 5 })
    const leaky = { ...item, signed: { ...item.signed, summary: `${item.signed.summary} Told ${nickname}.` } }
    const full: PatientIdentifiers = { ...plantedIdentifiers(5), names: [...plantedIdentifiers(5).names, nickname] }
    const source = listSource([syntheticItem(0), leaky], (id) => (id === 5 ? full : plantedIdentifiers(id)))
    const err = await runExport(db, source, opts('leaky')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('EXPORT_BLOCKED')
    expect((err as AppError).message).toMatch(/row e\d+-r\d+ in [a-z-]+\/\w+\.jsonl|metadata\.jsonl/)
    expect((err as AppError).message).toContain('name')
    expect((err as AppError).message).not.toContain(nickname)
    expect(existsSync(join(dir, 'leaky'))).toBe(false)
    expect(readdirSync(dir).filter((f) => f.includes('leaky'))).toEqual([])
    const history = db.prepare('SELECT id, status, error FROM export_history').all() as { id: number; status: string; error: string }[]
    expect(history).toEqual([{ id: expect.any(Number), status: 'blocked', error: expect.stringContaining('name') }])
    const audit = db.prepare("SELECT action, details FROM audit_events WHERE action LIKE 'export.%'").all() as { action: string; details: string }[]
    expect(audit.map((a) => a.action)).toEqual(['export.blocked'])
    expect(audit[0]?.details).not.toContain(nickname)
  })
})

describe('rows and formats', () => {
  it('gives each outcome its rows in every format, each line valid, input as stored, target parseable', async () => {
    // Items 0..3: accepted, corrected, rejected-and-rewritten, signed without a draft; one patient each, all in train.
    const items = [0, 1, 2, 3].map((i) => syntheticItem(i, { patientOf: (k) => k + 1 }))
    const r = await runExport(db, listSource(items), opts('rows', { deidentify: false, ratios: { train: 100, validation: 0, test: 0 } }))
    expect(r.rows).toEqual({ sft: 4, preference: 2, unpaired: 1 })
    const out = join(dir, 'rows')
    const count: Record<ExportFormat, number> = { 'openai-chat': 4, 'trl-sft': 4, 'trl-prompt-completion': 4, 'openai-dpo': 2, 'trl-preference': 2, 'trl-kto': 5 }
    for (const f of EXPORT_FORMATS) {
      const rows = lines(join(out, f, 'train.jsonl'))
      expect(rows, f).toHaveLength(count[f])
      for (const row of rows) expect(FORMAT_SCHEMAS[f].safeParse(row).success, f).toBe(true)
      expect(lines(join(out, f, 'test.jsonl'))).toEqual([])
    }
    const chat = lines(join(out, 'openai-chat', 'train.jsonl')) as { messages: { role: string; content: string }[] }[]
    chat.forEach((row, k) => {
      const item = items[k]!
      const prompt = item.draft?.prompt ?? item.builtPrompt!
      expect(row.messages[0]).toEqual({ role: 'system', content: prompt.system })
      expect(row.messages[1]).toEqual({ role: 'user', content: prompt.user })
      const target = parseDraft(row.messages[2]!.content)
      expect(target.ok).toBe(true)
      expect(target.ok && target.draft).toEqual(item.outcome === 'accepted_unchanged' ? item.draft!.interpretation : item.signed)
    })
    const pc = lines(join(out, 'trl-prompt-completion', 'train.jsonl'))
    expect(pc[0]?.prompt).toBe(items[0]!.draft!.prompt.rendered)
    const kto = lines(join(out, 'trl-kto', 'train.jsonl')) as { label: boolean; completion: { content: string }[] }[]
    expect(kto.map((k) => k.label)).toEqual([true, true, true, false, true])
    const unpaired = parseDraft(kto[3]!.completion[0]!.content)
    expect(unpaired.ok && unpaired.draft).toEqual(items[2]!.draft!.interpretation)
    const dpo = lines(join(out, 'openai-dpo', 'train.jsonl')) as { preferred_output: { content: string }[]; non_preferred_output: { content: string }[] }[]
    expect(JSON.parse(dpo[0]!.non_preferred_output[0]!.content)).toEqual(items[1]!.draft!.interpretation)
    // metadata joins every row to its line in each format's file.
    const meta = lines(join(out, 'metadata.jsonl')) as { row_id: string; row_type: string; lines: Record<string, number>; split: string; signed: string }[]
    expect(meta.map((m) => m.row_type)).toEqual(['sft', 'sft', 'preference', 'sft', 'preference', 'unpaired', 'sft'])
    expect(meta[5]?.lines).toEqual({ 'trl-kto': 4 })
    expect(meta[4]?.lines).toEqual({ 'openai-dpo': 2, 'trl-preference': 2 })
    expect(meta[0]?.signed).toMatch(/^\d{4}-\d{2}$/)
  })

  it('with de-identification the user message is the stored prompt with dates reduced to the year', async () => {
    const item = syntheticItem(1, { patientOf: () => 1 })
    await runExport(db, listSource([item]), opts('scrubbed', { ratios: { train: 100, validation: 0, test: 0 } }))
    const chat = lines(join(dir, 'scrubbed', 'openai-chat', 'train.jsonl')) as { messages: { content: string }[] }[]
    expect(chat[0]?.messages[1]?.content).toBe(item.draft!.prompt.user.replace(/(\d{4})-\d{2}-\d{2}T[\d:]+Z/g, '$1'))
    const meta = lines(join(dir, 'scrubbed', 'metadata.jsonl'))
    expect(meta[0]?.signed).toMatch(/^\d{4}$/)
  })
})

describe('splits', () => {
  const splitOf = (out: string) => {
    const m = new Map<string, Set<string>>()
    for (const row of lines(join(dir, out, 'metadata.jsonl')) as { patient: string; split: string }[]) {
      m.set(row.patient, (m.get(row.patient) ?? new Set()).add(row.split))
    }
    return m
  }

  it('puts no patient in two splits, and a test patient of export 1 stays in test in export 2', async () => {
    const first = syntheticSource(300, { patientOf: (i) => (i % 100) + 1 })
    const r1 = await runExport(db, first, opts('round1'))
    const s1 = splitOf('round1')
    for (const splits of s1.values()) expect(splits.size).toBe(1)
    expect(r1.perSplit.test).toBeGreaterThan(0)
    // More reviews signed: items 300..599, new patients 101..150 among them.
    const second = syntheticSource(600, { patientOf: (i) => (i < 300 ? (i % 100) + 1 : (i % 150) + 1) })
    const r2 = await runExport(db, second, opts('round2', { seed: 99 }))
    const s2 = splitOf('round2')
    for (const splits of s2.values()) expect(splits.size).toBe(1)
    for (const [patient, splits] of s1) expect(s2.get(patient)).toEqual(splits)
    expect(r2.items).toBeGreaterThan(r1.items)
    // "since export 1": only what is new, plus the frozen test split carried along.
    const r3 = await runExport(db, second, opts('round3', { sinceExportId: r1.exportId }))
    const s3 = splitOf('round3')
    const testPatients = [...s1].filter(([, s]) => s.has('test')).map(([p]) => p)
    for (const p of testPatients) expect(s3.get(p)).toEqual(new Set(['test']))
    const trainOfRound1 = lines(join(dir, 'round3', 'metadata.jsonl')).filter((m) => m.split === 'train').length
    expect(trainOfRound1).toBeGreaterThan(0)
    expect(r3.items).toBeLessThan(r2.items)
    expect(getExport(db, r3.exportId)?.status).toBe('completed')
  })
})

describe('hygiene', () => {
  it('collapses duplicates, applies filters, drops and counts rows longer than the context', async () => {
    const a = syntheticItem(1, { patientOf: () => 1 })
    // Same input, different report and database ids (the evidence ids differ only in their numbers).
    const b = { ...a, reportId: 7, signedVersionId: 8, draft: { ...a.draft!, prompt: { ...a.draft!.prompt, user: a.draft!.prompt.user.replace('[O1]', '[O91]') } } }
    const long = syntheticItem(5, { patientOf: () => 2, padding: 2000 })
    const other = { ...syntheticItem(9, { patientOf: () => 3 }), reviewer: 'dr.other' }
    const r = await runExport(db, listSource([a, b, a, long, other]), opts('hyg', { contextSize: 4000, filters: { reviewers: ['dr.ada', 'dr.lin'] } }))
    expect(r.dropped).toEqual({ near_duplicate: 1, exact_duplicate: 1, too_long: 1 })
    expect(r.items).toBe(1)
    expect(r.quality.tokens.droppedTooLong).toBe(1)
    const q = JSON.parse(readFileSync(join(dir, 'hyg', 'quality-report.json'), 'utf8')) as { warnings: string[] }
    expect(q.warnings.join('\n')).toMatch(/1 items dropped: longer than the context of 4000 tokens/)
    const k = await runExport(db, syntheticSource(40), opts('kinds', { filters: { kinds: ['ecg'], outcomes: ['corrected', 'rejected_rewritten', 'accepted_unchanged', 'signed_without_draft'] } }))
    expect(k.quality.perKind.map((x) => x.kind)).toEqual(['ecg'])
    const std = await runExport(db, syntheticSource(40), opts('standing', { filters: { standings: ['issues'], reasonCodes: ['wrong_severity'] } }))
    expect(std.items).toBeGreaterThan(0)
    for (const m of lines(join(dir, 'standing', 'metadata.jsonl'))) {
      expect(m.evidence_standing).toBe('issues')
      expect(m.reason_codes).toContain('wrong_severity')
    }
  })

  it('a failure midway leaves no folder that looks complete, and the history says so', async () => {
    const failing: ExportOptions = opts('broken', {
      afterItem: (n) => {
        if (n === 10) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
      },
    })
    const err = await runExport(db, syntheticSource(50), failing).catch((e: unknown) => e)
    expect((err as AppError).code).toBe('INTERNAL')
    expect(readdirSync(dir).filter((f) => f.includes('broken'))).toEqual([])
    const h = db.prepare('SELECT status, error FROM export_history').get() as { status: string; error: string }
    expect(h).toEqual({ status: 'failed', error: 'ENOSPC' })
    // The target exists now? Refused, nothing overwritten.
    await runExport(db, syntheticSource(5), opts('ok'))
    await expect(runExport(db, syntheticSource(5), opts('ok'))).rejects.toMatchObject({ code: 'CONFLICT' })
    const cancelled = new AbortController()
    cancelled.abort()
    await expect(runExport(db, syntheticSource(600) as ExportSource, opts('cancelled', { signal: cancelled.signal }))).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([])
  })
})
