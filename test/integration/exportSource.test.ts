// loadSignedItems against the review store's tables (review branch, migration 0010, reduced to the columns it reads):
// the latest signed version per report, outcome classes, reason codes, the draft's prompt and provenance.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSignedItems, outcomeOf, patientIdentifiers } from '../../src/main/export/source'
import { openDatabase, type Db } from '../../src/main/store/db'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import { makeTempDir } from '../helpers/services'

// Until the review branch is merged, its tables as it defines them (the columns read here), for this test only.
const REVIEW_TABLES = `
  CREATE TABLE interpretation_versions (id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL, version INTEGER NOT NULL,
    previous_version_id INTEGER, base_interpretation_id INTEGER, document TEXT NOT NULL, content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL, author_id INTEGER NOT NULL, author_name TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, state TEXT NOT NULL, amendment_reason TEXT) STRICT;
  CREATE TABLE signatures (id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL UNIQUE, report_id INTEGER NOT NULL,
    signer_id INTEGER NOT NULL, signer_username TEXT NOT NULL, signer_name TEXT NOT NULL, signed_at TEXT NOT NULL,
    meaning TEXT NOT NULL, content_sha256 TEXT NOT NULL, acknowledgement TEXT) STRICT;
  CREATE TABLE corrections (id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL, report_id INTEGER NOT NULL, seq INTEGER NOT NULL,
    target TEXT NOT NULL, draft_index INTEGER, result_index INTEGER, action TEXT NOT NULL, reason_code TEXT,
    reason_list_version INTEGER NOT NULL, comment TEXT, changed_fields TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL) STRICT;`

const interp = (summary: string, severity: 'normal' | 'abnormal' = 'normal'): InterpretationDraft => ({
  summary,
  findings: [{ statement: 'QTc 480 ms.', severity, evidence: ['O1'], recommendation: null }],
  overall_severity: severity,
  comparison_with_prior: null,
  limitations: '',
})

let dir: string
let db: Db
beforeEach(() => {
  dir = makeTempDir('readout-export-src-')
  db = openDatabase(join(dir, 'readout.db'))
  db.exec(REVIEW_TABLES)
  db.exec(`INSERT INTO patients (id, family_name, given_name, birth_date, sex, created_at, updated_at) VALUES (1, 'Okafor', 'Ada', '1950-02-03', 'female', 'x', 'x');
    INSERT INTO patient_identifiers (authority, value, patient_id) VALUES ('MRN', 'M-4711', 1);`)
  const report = db.prepare(
    `INSERT INTO reports (id, patient_id, kind, source_format, device_model, device_serial, observed_at, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
     VALUES (?, 1, 'ecg', 'hl7v2', 'MAC 5500', 'SN-9', '2026-01-0${'1'}T08:00:00Z', 'x', 'x', 'final', '[]', '{}', 0, 1)`,
  )
  for (const id of [10, 11, 12, 13]) report.run(id)
  const draft = db.prepare(
    `INSERT INTO interpretations (id, report_id, created_at, draft, raw_output, prompt, provenance, evidence_check, standing)
     VALUES (?, ?, 'x', ?, '', ?, ?, '{"ok":true,"issues":[]}', 'verified')`,
  )
  const provenance = JSON.stringify({ baseModel: { id: 1, name: 'base', sha256: 'ab'.repeat(32) }, adapters: [{ id: 2, name: 'r3', sha256: 'cd'.repeat(32), scale: 0.5 }], promptTemplateVersion: 'tpl-111111111111' })
  draft.run(100, 10, JSON.stringify(interp('Normal ECG.')), 'PROMPT 10', provenance)
  draft.run(101, 11, JSON.stringify(interp('Normal ECG.')), 'PROMPT 11', provenance)
  draft.run(102, 12, JSON.stringify(interp('Normal ECG.')), 'PROMPT 12', provenance)
  const version = db.prepare(
    `INSERT INTO interpretation_versions (id, report_id, version, previous_version_id, base_interpretation_id, document, content, content_sha256, author_id, author_name, created_at, updated_at, state, amendment_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'h', 1, 'A', 'x', 'x', 'signed', ?)`,
  )
  const sign = db.prepare(`INSERT INTO signatures (version_id, report_id, signer_id, signer_username, signer_name, signed_at, meaning, content_sha256) VALUES (?, ?, 1, ?, 'Dr', ?, 'approved', 'h')`)
  // 10: accepted as drafted. 11: corrected, then amended (version 2 is the target). 12: rejected and rewritten. 13: no draft.
  version.run(1, 10, 1, null, 100, '{"baseVersion":0,"findings":[{"draftIndex":0,"action":"accept"}]}', JSON.stringify(interp('Normal ECG.')), null)
  sign.run(1, 10, 'dr.ada', '2026-02-01T10:00:00Z')
  version.run(2, 11, 1, null, 101, '{"baseVersion":0}', JSON.stringify(interp('Prolonged QTc.', 'abnormal')), null)
  sign.run(2, 11, 'dr.ada', '2026-02-02T10:00:00Z')
  version.run(3, 11, 2, 2, null, '{"baseVersion":1}', JSON.stringify(interp('Prolonged QTc, amended.', 'abnormal')), 'typo')
  sign.run(3, 11, 'dr.lin', '2026-02-05T10:00:00Z')
  version.run(4, 12, 1, null, 102, '{"baseVersion":0,"rejectDraft":{"reason":"other"}}', JSON.stringify(interp('Written anew.', 'abnormal')), null)
  sign.run(4, 12, 'dr.lin', '2026-02-03T10:00:00Z')
  version.run(5, 13, 1, null, null, '{"baseVersion":0}', JSON.stringify(interp('No draft.')), null)
  sign.run(5, 13, 'dr.ada', '2026-02-04T10:00:00Z')
  const correction = db.prepare(
    `INSERT INTO corrections (version_id, report_id, seq, target, action, reason_code, reason_list_version, comment, changed_fields, before, after) VALUES (?, ?, ?, 'finding', ?, ?, 1, ?, '[]', 'null', 'null')`,
  )
  correction.run(2, 11, 1, 'edit', 'wrong_severity', 'Ada Okafor called')
  correction.run(3, 11, 1, 'edit', 'terminology_or_style', null)
  correction.run(4, 12, 1, 'add', 'missed_finding', null)
  db.prepare("INSERT INTO findings (report_id, seq, rule_set_version, rule_id, severity, title, message, source, observation_ids, \"values\", evaluated_at) VALUES (11, 1, 'v', 'ecg.qtc-prolonged', 'abnormal', 't', 'm', 's', '[]', '{}', 'x')").run()
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('loadSignedItems', () => {
  it('yields the latest signed version per report, newest signature first, with outcome, reasons and draft', () => {
    const items = [...loadSignedItems(db, {}, (id) => ({ system: 'SYS', user: `TODAY ${id}`, rendered: `SYS TODAY ${id}`, origin: 'built' }))]
    expect(items.map((i) => [i.reportId, i.signedVersionId, i.outcome, i.reviewer])).toEqual([
      [11, 3, 'corrected', 'dr.lin'],
      [13, 5, 'signed_without_draft', 'dr.ada'],
      [12, 4, 'rejected_rewritten', 'dr.lin'],
      [10, 1, 'accepted_unchanged', 'dr.ada'],
    ])
    const amended = items[0]!
    expect(amended.signed.summary).toBe('Prolonged QTc, amended.')
    expect(amended.draft).toMatchObject({ interpretationId: 101, prompt: { system: '', user: 'PROMPT 11', rendered: 'PROMPT 11', origin: 'raw' }, standing: 'verified', promptTemplateVersion: 'tpl-111111111111' })
    expect(amended.draft?.adapters).toEqual([{ name: 'r3', sha256: 'cd'.repeat(32), scale: 0.5 }])
    expect(amended.reasonCodes.sort()).toEqual(['terminology_or_style', 'wrong_severity'])
    expect(amended.conditions).toEqual(['ecg.qtc-prolonged'])
    expect(amended.freeTexts).toEqual([{ kind: 'comment', text: 'Ada Okafor called' }])
    expect(items[1]!.builtPrompt).toEqual({ system: 'SYS', user: 'TODAY 13', rendered: 'SYS TODAY 13', origin: 'built' })
    expect(items[1]!.draft).toBeNull()
    expect([...loadSignedItems(db, { signedFrom: '2026-02-04' }, () => null)].map((i) => i.reportId)).toEqual([11, 13])
  })

  it('knows the patient’s identifiers, and yields nothing on a database without the review store', () => {
    expect(patientIdentifiers(db, 1)).toEqual({
      names: ['Ada', 'Okafor', 'Ada Okafor'],
      ids: ['M-4711'],
      birthDate: '1950-02-03',
      phones: [],
      emails: [],
      addressParts: [],
      deviceSerials: ['SN-9'],
    })
    db.exec('DROP TABLE signatures')
    expect([...loadSignedItems(db, {}, () => null)]).toEqual([])
  })
})

describe('outcomeOf', () => {
  it.each([
    [null, false, 'signed_without_draft'],
    [interp('A'), true, 'rejected_rewritten'],
    [interp('A'), false, 'accepted_unchanged'],
    [interp('B'), false, 'corrected'],
  ] as const)('draft %j, rejected %s → %s', (draft, rejected, outcome) => expect(outcomeOf(draft, interp('A'), rejected)).toBe(outcome))
})
