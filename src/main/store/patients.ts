// Patient matching: by (assigning authority, identifier) across imports; never by name alone.
import type { ParsedPatient } from '../../shared/domain/report'
import type { Db } from './db'
import { prepared } from './prepared'

/** Finds the patient one of the identifiers points to, or creates one; fills demographics that were missing. */
export function matchOrCreatePatient(db: Db, p: ParsedPatient, now: string): number {
  const find = prepared(db, 'SELECT patient_id FROM patient_identifiers WHERE authority = ? AND value = ?')
  let patientId: number | undefined
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
  } else {
    prepared(db, 
      `UPDATE patients SET
         family_name = coalesce(family_name, @family), given_name = coalesce(given_name, @given),
         birth_date = coalesce(birth_date, @birth), sex = coalesce(sex, @sex), updated_at = @now
       WHERE id = @id`,
    ).run({ id: patientId, family: p.familyName ?? null, given: p.givenName ?? null, birth: p.birthDate ?? null, sex: p.sex ?? null, now })
  }
  const link = prepared(db, 'INSERT OR IGNORE INTO patient_identifiers (authority, value, patient_id) VALUES (?, ?, ?)')
  for (const ident of p.identifiers) link.run(ident.authority, ident.id, patientId)
  return patientId
}

export function patientDisplayName(family: string | null, given: string | null): string {
  if (family && given) return `${family}, ${given}`
  return family ?? given ?? '(no name)'
}
