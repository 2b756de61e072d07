// Patient-scoped look-ups (prior values for rules) must walk one patient's reports, never a code's whole history.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { PRIOR_VALUE_SQL } from '../findings/evaluate'
import { migrate } from './db'

describe('query plans', () => {
  it('the prior-value look-up starts from the patient index and reaches observations by report', () => {
    const db = new Database(':memory:')
    migrate(db)
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${PRIOR_VALUE_SQL}`).all({ patient: 1, sortAt: 'x', id: 1, system: 'LOINC', code: '8636-3' }) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/SEARCH r USING (COVERING )?INDEX reports_patient/)
    expect(plan).toMatch(/SEARCH o USING INDEX observations_report/)
    expect(plan).not.toContain('observations_code')
  })
})
