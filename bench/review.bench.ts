// Benchmark: review and sign-off at scale. 100,000 reports (60,000 drafted, 20,000 of them signed, 5,000 in review):
// the worklist's first page with the counts per status, and a review save, a review apply and a signature at the
// handler. Prints figures.
// Run: npx vite-node bench/review.bench.ts -- [--reports 100000]
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { userAdmin } from '../src/main/auth/userAdmin'
import { handlers } from '../src/main/handlers'
import type { CallContext } from '../src/main/handlers/types'
import { importBatch } from '../src/main/ingest/pipeline'
import { silentLogger } from '../src/main/log'
import { canonicalContent } from '../src/main/review/contentHash'
import { createServices } from '../src/main/services'
import { createDispatch } from '../src/main/transport/dispatch'
import type { ReviewState } from '../src/shared/contract/review'
import type { InterpretationDraft } from '../src/shared/domain/interpretation'
import { oru } from '../test/helpers/hl7'

const { values } = parseArgs({ options: { reports: { type: 'string', default: '100000' } } })
const REPORTS = Number(values.reports)
const DRAFTED = Math.round(REPORTS * 0.6)
const SIGNED = Math.round(REPORTS * 0.2)
const IN_REVIEW = Math.round(REPORTS * 0.05)
const FAMILIES = ['Lindqvist', 'Okafor', 'Tanaka', 'Moreau', 'Nowak', 'Silva', 'Haddad', 'Kowalski', 'Ivanova', 'Brennan']

const DRAFT: InterpretationDraft = {
  summary: 'Potassium is high.',
  findings: [
    { statement: 'Potassium is above the reference range.', severity: 'abnormal', evidence: ['O1'], recommendation: null },
    { statement: 'Sodium is within the reference range.', severity: 'normal', evidence: ['O2'], recommendation: null },
  ],
  overall_severity: 'abnormal',
  comparison_with_prior: null,
  limitations: 'None.',
}

async function main() {
  const dataDir = join(tmpdir(), `readout-review-bench-${process.pid}`)
  // Cheap password hashes for the bench's accounts: the signature's figure is meant without the KDF (timed apart below).
  const services = createServices({ dataDir, version: 'bench', runtime: 'node', logger: silentLogger, auth: { kdf: { n: 2 ** 10, r: 8, p: 1 } } })
  const dispatch = createDispatch(handlers, services)
  const db = services.db
  try {
    let t0 = performance.now()
    const gen = function* () {
      for (let i = 0; i < REPORTS; i++) {
        const k = i % 7 === 0 ? '6.9' : '4.1'
        yield {
          name: `q${i}`,
          origin: 'bench',
          bytes: new TextEncoder().encode(
            oru({
              controlId: `Q${i}`,
              mrn: `Q${i % 20000}`,
              family: FAMILIES[i % 10],
              given: `G${i % 89}`,
              results: [
                { code: '2823-3', display: 'Potassium', value: k, unit: 'mmol/L', range: '3.5-5.1' },
                { code: '2951-2', display: 'Sodium', value: '140', unit: 'mmol/L', range: '135-145' },
              ],
              observedAt: `2025${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}1200${String(i % 60).padStart(2, '0')}`,
            }),
          ),
        }
      }
    }
    await importBatch(services, gen(), { actor: 'bench' })
    console.log(`imported ${REPORTS} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    const admin = userAdmin(db, services.auth)
    const doctor = await admin.create({ username: 'drbench', displayName: 'Dr Bench', roles: ['clinician'], password: 'quiet river lantern 77', mustChangePassword: false }, 'bench')
    const ctx: CallContext = { actor: 'drbench', transport: 'test', user: { id: doctor.id, username: doctor.username, displayName: doctor.displayName, roles: doctor.roles } }

    // Drafts, reviews and signatures written in bulk with the schema's own rows (the handlers are timed below).
    t0 = performance.now()
    const draftJson = JSON.stringify(DRAFT)
    const content = canonicalContent(DRAFT)
    const accepted = JSON.stringify({ baseVersion: 1, findings: [{ draftIndex: 0, action: 'accept' }, { draftIndex: 1, action: 'accept' }] })
    db.transaction(() => {
      const now = new Date().toISOString()
      const interp = db.prepare("INSERT INTO interpretations (report_id, created_at, draft, raw_output, prompt, provenance, evidence_check, standing) VALUES (?, ?, ?, '', '', '{}', '{\"ok\":true,\"issues\":[]}', 'verified')")
      const version = db.prepare(
        "INSERT INTO interpretation_versions (report_id, version, base_interpretation_id, document, content, content_sha256, author_id, author_name, created_at, updated_at, state) VALUES (?, 1, ?, ?, ?, ?, ?, 'Dr Bench', ?, ?, 'working')",
      )
      const correction = db.prepare("INSERT INTO corrections (version_id, report_id, seq, target, draft_index, result_index, action, reason_list_version, changed_fields, before, after) VALUES (?, ?, ?, 'finding', ?, ?, 'accept', 1, '[]', 'null', 'null')")
      const freeze = db.prepare("UPDATE interpretation_versions SET state = 'signed' WHERE id = ?")
      const signature = db.prepare("INSERT INTO signatures (version_id, report_id, signer_id, signer_username, signer_name, signed_at, meaning, content_sha256) VALUES (?, ?, ?, 'drbench', 'Dr Bench', ?, 'reviewed and approved', ?)")
      const review = db.prepare(
        "INSERT INTO reviews (report_id, row_version, document, base_interpretation_id, base_version_id, working_version_id, assigned_reviewer_id, assigned_reviewer_name, last_reviewer_id, last_reviewer_name, created_at, updated_at) VALUES (?, 2, ?, ?, ?, ?, ?, 'Dr Bench', ?, 'Dr Bench', ?, ?)",
      )
      const status = db.prepare('UPDATE reports SET review_status = ? WHERE id = ?')
      for (let id = 1; id <= DRAFTED; id++) {
        const interpretationId = Number(interp.run(id, now, draftJson).lastInsertRowid)
        if (id > SIGNED + IN_REVIEW) continue
        const versionId = Number(version.run(id, interpretationId, accepted, content.json, content.sha256, doctor.id, now, now).lastInsertRowid)
        correction.run(versionId, id, 0, 0, 0)
        correction.run(versionId, id, 1, 1, 1)
        if (id <= SIGNED) {
          freeze.run(versionId)
          signature.run(versionId, id, doctor.id, now, content.sha256)
          review.run(id, null, interpretationId, versionId, null, doctor.id, doctor.id, now, now)
          status.run('signed', id)
        } else {
          review.run(id, accepted, interpretationId, null, versionId, doctor.id, doctor.id, now, now)
          status.run('in_review', id)
        }
      }
    })()
    db.exec('ANALYZE')
    console.log(`wrote ${DRAFTED} drafts, ${SIGNED} signed and ${IN_REVIEW} in review in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    const time = async (label: string, target: number, fn: (i: number) => Promise<unknown> | unknown, runs = 20) => {
      await fn(-1) // warm the statement cache and pages
      const samples: number[] = []
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        await fn(i)
        samples.push(performance.now() - t)
      }
      samples.sort((a, b) => a - b)
      const median = samples[Math.floor(runs / 2)]!
      console.log(`${label}: median ${median.toFixed(1)} ms, max ${samples[runs - 1]!.toFixed(1)} ms (target < ${target} ms)`)
    }
    const ok = async <T>(method: string, input: unknown): Promise<T> => {
      const r = await dispatch(method, input, ctx)
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
      return r.value as T
    }
    const counts = await ok<{ byStatus: Record<string, number> }>('review.counts', {})
    console.log(`status counts: ${JSON.stringify(counts.byStatus)}`)

    // How fast this machine is right now: what every unfiltered page has always paid (its total count), and the page
    // query as it was before review statuses (critical first, no signed-last).
    await time('reference: count(*) over every report', 50, () => db.prepare('SELECT count(*) FROM reports').pluck().get())
    await time('reference: the pre-review triage page (100) with its count', 50, () => {
      db.prepare('SELECT count(*) FROM reports').pluck().get()
      return db.prepare('SELECT id FROM reports ORDER BY max_severity DESC, sort_at DESC, id DESC LIMIT 100').all()
    })
    await time('worklist first page (100, triage: unsigned critical first) + counts per status, at the handler', 50, () => Promise.all([ok('reports.list', { limit: 100 }), ok('review.counts', {})]))
    await time('worklist filtered by kind (100, triage) + counts, at the handler', 50, () => Promise.all([ok('reports.list', { kinds: ['lab'], limit: 100 }), ok('review.counts', {})]))
    await time('worklist filtered to in review (100) + counts, at the handler', 50, () => Promise.all([ok('reports.list', { reviewStatuses: ['in_review'], limit: 100 }), ok('review.counts', {})]))
    await time('worklist: my reviews in progress (100) + counts, at the handler', 50, () => Promise.all([ok('reports.list', { mine: true, limit: 100 }), ok('review.counts', {})]))
    await time('worklist filtered by reviewer (100), at the handler', 50, () => ok('reports.list', { reviewerId: doctor.id, limit: 100 }))

    // Review actions on drafted reports that have no review yet: one report per run.
    const firstFree = SIGNED + IN_REVIEW + 1
    const doc = (baseVersion: number) => ({ baseVersion, findings: [{ draftIndex: 0, action: 'edit', severity: 'critical', reason: 'wrong_severity', comment: 'bench' }, { draftIndex: 1, action: 'accept' }] })
    await time('review.save (autosave, first save of a review), at the handler', 20, (i) => ok('review.save', { reportId: firstFree + 1 + i, document: { baseVersion: 0, findings: [{ draftIndex: 0, action: 'accept' }] } }))
    await time('review.apply (whole document on a saved review), at the handler', 20, (i) => ok('review.apply', { reportId: firstFree + 1 + i, document: doc(1) }))
    const states = await Promise.all(Array.from({ length: 21 }, (_, i) => ok<ReviewState>('review.get', { reportId: firstFree + i })))
    await time('review.sign with the password check at the bench\'s cheap KDF (n=2^10), at the handler', 20, (i) =>
      ok('review.sign', { reportId: firstFree + 1 + i, contentSha256: states[1 + i]!.working!.contentSha256, password: 'quiet river lantern 77', acknowledgement: 'Bench: evidence ids are placeholders.' }),
    )
    await time('  of which the password check alone (cheap KDF)', 20, () => services.auth.verifyPassword(doctor.id, 'quiet river lantern 77', 'signature', 'test'))
  } finally {
    services.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

void main()
