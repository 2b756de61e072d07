// Synthetic signed items for the export's tests and bench: patients with identifiers planted in every field the rows carry.
import { DEFAULT_TEMPLATE, splitTemplate } from '../../src/main/llm/prompt'
import type { Db } from '../../src/main/store/db'
import type { ExportSource } from '../../src/main/export/pipeline'
import type { ExportItem, ExportPrompt, Outcome, PatientIdentifiers } from '../../src/main/export/types'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import type { ReportKind } from '../../src/shared/domain/report'

const FAMILIES = ['Lindqvist', 'Okafor', 'Tanaka', 'Moreau', 'Nowak', 'Silva', 'Haddad', 'Kowalski', 'Ivanova', 'Brennan']
const GIVEN = ['Maria-Luisa', 'Oluwaseun', 'Haruki', 'Amélie', 'Zbigniew', 'Thiago', 'Yasmin', 'Bartosz', 'Anastasia', 'Siobhan']
const KINDS: ReportKind[] = ['ecg', 'lab', 'cgm', 'blood_pressure']
const OUTCOMES: Outcome[] = ['accepted_unchanged', 'corrected', 'rejected_rewritten', 'signed_without_draft']

/** The shipped template's instruction block: the system message every draft shares. */
export const SYSTEM = splitTemplate(DEFAULT_TEMPLATE).prefix

/** The identifiers of synthetic patient `p`: unique per patient, so a leak names its patient. */
export function plantedIdentifiers(p: number): PatientIdentifiers {
  const pad = String(p).padStart(5, '0')
  return {
    names: [`${GIVEN[p % GIVEN.length]} ${FAMILIES[p % FAMILIES.length]}x${pad.replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? '')}`],
    ids: [`MRN${pad}77`, `HP-${pad}-19`],
    birthDate: `19${20 + (p % 70)}-${String((p % 12) + 1).padStart(2, '0')}-${String((p % 27) + 1).padStart(2, '0')}`,
    phones: [`+44 20 79${pad.slice(0, 2)} ${pad.slice(2)}1`],
    emails: [`patient${pad}@mail.example.org`],
    addressParts: [`${(p % 90) + 10} Quarry${pad.replace(/\d/g, (d) => 'klmnopqrst'[Number(d)] ?? '')} Road`, `Tollington${'abcdefghij'[p % 10]}`, `ZX${pad}`],
    deviceSerials: [`SER${pad}Q`],
  }
}

/** A birth date spelled as people write it: D.M.Y, and the month in words. */
function otherSpellings(birthDate: string): string[] {
  const [y, m, d] = birthDate.split('-') as [string, string, string]
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][Number(m) - 1]
  return [`${d}.${m}.${y}`, `${Number(d)} ${month} ${y}`]
}

function interpretation(summary: string, statement: string, severity: 'normal' | 'abnormal' | 'critical'): InterpretationDraft {
  return {
    summary,
    findings: [{ statement, severity, evidence: ['O1', 'F2'], recommendation: severity === 'normal' ? null : 'Repeat the measurement.' }],
    overall_severity: severity,
    comparison_with_prior: null,
    limitations: 'Device measurements only.',
  }
}

export interface SyntheticOptions {
  /** Plant the patient's identifiers into the prompt, targets, device model and free texts (the de-identification test). */
  plant?: boolean
  /** The patient of item i (default i % 97 … a few items per patient). */
  patientOf?: (i: number) => number
  outcomeOf?: (i: number) => Outcome
  kindOf?: (i: number) => ReportKind
  /** Extra filler in the report text, to make rows long. */
  padding?: number
}

/** Signed item i: deterministic, every outcome and kind in turn, unique report text per item. */
export function syntheticItem(i: number, opts: SyntheticOptions = {}): ExportItem {
  const patientId = opts.patientOf ? opts.patientOf(i) : (i % 97) + 1
  const ids = plantedIdentifiers(patientId)
  const kind = opts.kindOf ? opts.kindOf(i) : (KINDS[i % KINDS.length] ?? 'ecg')
  const outcome = opts.outcomeOf ? opts.outcomeOf(i) : (OUTCOMES[i % OUTCOMES.length] ?? 'corrected')
  const plant = opts.plant === true
  const name = ids.names[0] ?? ''
  const [dmy, words] = otherSpellings(ids.birthDate ?? '1950-01-01')
  const planted = plant
    ? `Patient ${name.toUpperCase()}, MRN ${ids.ids[0]}, born ${ids.birthDate} (${dmy}; ${words}), tel ${ids.phones[0]}, ${ids.emails[0]}, lives at ${ids.addressParts.join(', ')}; device ${ids.deviceSerials[0]}. `
    : ''
  const user =
    `Report:\nKind: ${kind}\nDevice: Acme Monitor 5${plant ? ` serial ${ids.deviceSerials[0]}` : ''}\nObserved: 2025-0${(i % 9) + 1}-1${i % 10}T08:30:00Z\n` +
    `Observations:\n[O1] Heart rate (8867-4): ${50 + (i % 90)} /min; reference 60-100; final\n[O2] QTc (8636-3): ${380 + (i % 150)} ms; final\n` +
    `Statements and notes:\n[S1] machine: ${planted}Sinus rhythm, case ${i}.\n[S2] note: PDF text ${plant ? `Name: ${name}; DOB ${dmy}; phone ${ids.phones[0]}` : 'none'}\n` +
    `Findings:\n[F2] ABNORMAL — QTc prolonged: QTc above 460 ms.\n` +
    `Patient context:\nAge band: 60–69\nClinician notes:\n- ${plant ? `Spoke with ${name} on ${words}; daughter's e-mail ${ids.emails[0]}` : 'none'}\n` +
    (opts.padding ? `${'Filler observation text. '.repeat(opts.padding)}\n` : '')
  const prompt: ExportPrompt = { system: SYSTEM, user, rendered: `<|system|>\n${SYSTEM}<|user|>\n${user}<|assistant|>\n`, origin: 'chat' }
  const draft = interpretation(`Case ${i}: sinus rhythm.`, `QTc ${380 + (i % 150)} ms [O2].`, 'normal')
  const signed =
    outcome === 'accepted_unchanged'
      ? draft
      : interpretation(`Case ${i}: prolonged QTc${plant ? ` in ${name}, MRN ${ids.ids[1]}, seen ${dmy}` : ''}.`, `QTc ${380 + (i % 150)} ms, prolonged [O2].`, 'abnormal')
  const signedAt = `2026-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.000Z`
  return {
    reportId: 100_000 + i,
    signedVersionId: 500_000 + i,
    patientId,
    kind,
    deviceModel: plant ? `Acme Monitor 5 ${ids.deviceSerials[0]}` : 'Acme Monitor 5',
    observedAt: `2025-0${(i % 9) + 1}-1${i % 10}T08:30:00Z`,
    signedAt,
    reviewer: i % 2 === 0 ? 'dr.ada' : 'dr.lin',
    signed,
    draft:
      outcome === 'signed_without_draft'
        ? null
        : {
            interpretationId: 900_000 + i,
            prompt,
            interpretation: draft,
            standing: i % 3 === 0 ? 'issues' : 'verified',
            baseModel: { name: 'test-base', sha256: i % 5 === 0 ? 'ab'.repeat(32) : 'cd'.repeat(32) },
            adapters: [{ name: 'round-3', sha256: 'ef'.repeat(32), scale: 1 }],
            promptTemplateVersion: 'tpl-0123456789ab',
          },
    builtPrompt: outcome === 'signed_without_draft' ? { ...prompt, origin: 'built' } : null,
    outcome,
    reasonCodes: outcome === 'accepted_unchanged' || outcome === 'signed_without_draft' ? [] : outcome === 'corrected' ? ['wrong_severity'] : ['other', 'incomplete'],
    conditions: [`${kind}.qtc-prolonged`],
    identifiers: ids,
    freeTexts: plant ? [{ kind: 'comment', text: `Called ${name} at ${ids.phones[0]}` }] : [],
  }
}

/** A source over generated items (generated on each pass, never held in memory). */
export function syntheticSource(count: number, opts: SyntheticOptions = {}, overrides: Map<number, PatientIdentifiers> = new Map()): ExportSource {
  return {
    *items() {
      for (let i = 0; i < count; i++) yield syntheticItem(i, opts)
    },
    identifiers: (patientId) => overrides.get(patientId) ?? plantedIdentifiers(patientId),
  }
}

/** A source over a fixed list of items. */
export function listSource(items: readonly ExportItem[], identifiers?: (patientId: number) => PatientIdentifiers): ExportSource {
  return {
    *items() {
      yield* items
    },
    identifiers: identifiers ?? ((id) => items.find((i) => i.patientId === id)?.identifiers ?? plantedIdentifiers(id)),
  }
}

/** The export's tables reference patients: creates bare patient rows 1..n (no identifying data in them). */
export function seedPatients(db: Db, n: number): void {
  const insert = db.prepare("INSERT OR IGNORE INTO patients (id, sex, created_at, updated_at) VALUES (?, 'unknown', '2026-01-01', '2026-01-01')")
  db.transaction(() => {
    for (let i = 1; i <= n; i++) insert.run(i)
  })()
}
