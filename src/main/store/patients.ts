// Patient matching: by (assigning authority, identifier) across imports; never by name alone.
import type { ParsedPatient } from '../../shared/domain/report'
import type { Db } from './db'
import { prepared } from './prepared'

export interface MatchedPatient {
  id: number
  /** The stored demographics after this match (earlier values win; missing ones were filled from p). */
  sex: string | null
  birthDate: string | null
}

/**
 * Finds the patient one of the identifiers points to, or creates one; fills demographics that were missing.
 * Returns the id with the stored sex and birth date (what rules read), so callers need not read the row back.
 */
export function matchOrCreatePatient(db: Db, p: ParsedPatient, now: string): MatchedPatient {
  const find = prepared(db, 'SELECT patient_id FROM patient_identifiers WHERE authority = ? AND value = ?')
  let patientId: number | undefined
  let stored: { sex: string | null; birth_date: string | null } | undefined
  for (const ident of p.identifiers) {
    const row = find.get(ident.authority, ident.id) as { patient_id: number } | undefined
    if (row) {
      patientId = row.patient_id
      break
    }
  }
  if (patientId === undefined) {
    const info = prepared(db,
        `INSERT INTO patients (family_name, given_name, birth_date, sex, created_at, updated_at)
         VALUES (@family, @given, @birth, @sex, @now, @now)`,
      )
      .run({ family: p.familyName ?? null, given: p.givenName ?? null, birth: p.birthDate ?? null, sex: p.sex ?? null, now })
    patientId = Number(info.lastInsertRowid)
    stored = { sex: p.sex ?? null, birth_date: p.birthDate ?? null }
  } else {
    const row = prepared(db, 'SELECT family_name, given_name, birth_date, sex FROM patients WHERE id = ?').get(patientId) as {
      family_name: string | null
      given_name: string | null
      birth_date: string | null
      sex: string | null
    }
    const fills =
      (row.family_name === null && p.familyName !== undefined) ||
      (row.given_name === null && p.givenName !== undefined) ||
      (row.birth_date === null && p.birthDate !== undefined) ||
      (row.sex === null && p.sex !== undefined)
    // Written only when something missing is filled in (updated_at says when): a report for a known patient whose
    // demographics are already on file rewrites nothing, which saves a page in every import's commit.
    stored = !fills
      ? row
      : (prepared(db,
          `UPDATE patients SET
             family_name = coalesce(family_name, @family), given_name = coalesce(given_name, @given),
             birth_date = coalesce(birth_date, @birth), sex = coalesce(sex, @sex), updated_at = @now
           WHERE id = @id RETURNING sex, birth_date`,
        ).get({ id: patientId, family: p.familyName ?? null, given: p.givenName ?? null, birth: p.birthDate ?? null, sex: p.sex ?? null, now }) as {
          sex: string | null
          birth_date: string | null
        })
  }
  const link = prepared(db, 'INSERT OR IGNORE INTO patient_identifiers (authority, value, patient_id) VALUES (?, ?, ?)')
  for (const ident of p.identifiers) link.run(ident.authority, ident.id, patientId)
  return { id: patientId, sex: stored.sex, birthDate: stored.birth_date }
}

export function patientDisplayName(family: string | null, given: string | null): string {
  if (family && given) return `${family}, ${given}`
  return family ?? given ?? '(no name)'
}
