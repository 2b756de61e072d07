// The verifier on hand-built chains: each kind of damage is named with the first bad id; anchors behind the table pass.
import { describe, expect, it } from 'vitest'
import { ANCHOR_STARTED, GENESIS, rowHash, verifyChain, type AnchorClaim, type ChainRow } from './chain'

type Content = Pick<ChainRow, 'actor' | 'action' | 'entity_type' | 'entity_id' | 'details'>

function chain(contents: Content[]): ChainRow[] {
  const rows: ChainRow[] = []
  let prev = GENESIS
  contents.forEach((c, i) => {
    const row = { ...c, id: i + 1, at: `2026-03-01T08:00:0${i}.000Z` }
    const hash = rowHash(prev, row)
    rows.push({ ...row, prev_hash: prev, hash })
    prev = hash
  })
  return rows
}

const FIVE = chain(
  [1, 2, 3, 4, 5].map((n) => ({ actor: `u${n}`, action: 'report.viewed', entity_type: 'report', entity_id: String(n), details: '{}' })),
)
const at = (rows: ChainRow[], i: number) => rows[i]!
const anchor = (source: AnchorClaim['source'], count: number, headHash: string): AnchorClaim => ({
  source,
  state: 'present',
  anchor: { count, headHash, at: '2026-03-01T09:00:00.000Z' },
})

describe('verifyChain', () => {
  it('passes an intact chain, and an empty one', () => {
    expect(verifyChain(FIVE)).toEqual({ ok: true, checked: 5, firstBadId: null, reason: null, message: '5 events intact; no anchor recorded yet.' })
    expect(verifyChain([], [anchor('file', 0, GENESIS)])).toMatchObject({ ok: true, checked: 0 })
  })

  // Every stored column, changed on row 3 by someone who bypassed the triggers.
  const alterations: [string, Partial<ChainRow>, number, string][] = [
    ['at', { at: '2026-03-01T07:00:00.000Z' }, 3, 'altered after it was written'],
    ['actor', { actor: 'mallory' }, 3, 'altered after it was written'],
    ['action', { action: 'report.imported' }, 3, 'altered after it was written'],
    ['entity_type', { entity_type: 'patient' }, 3, 'altered after it was written'],
    ['entity_id', { entity_id: '99' }, 3, 'altered after it was written'],
    ['entity_id to null', { entity_id: null }, 3, 'altered after it was written'],
    ['details', { details: '{"x":1}' }, 3, 'altered after it was written'],
    ['prev_hash', { prev_hash: GENESIS }, 3, 'does not link to event 2'],
    // A rewritten hash passes its own row but breaks the next row's link.
    ['hash', { hash: 'f'.repeat(64) }, 3, 'altered after it was written'],
  ]
  it.each(alterations)('names an altered %s', (_col, change, bad, words) => {
    const rows = FIVE.map((r) => (r.id === 3 ? { ...r, ...change } : r))
    const v = verifyChain(rows)
    expect(v).toMatchObject({ ok: false, checked: 2, firstBadId: bad, reason: 'altered_row' })
    expect(v.message).toContain(words)
  })

  it('names rows missing from the middle and from the start', () => {
    expect(verifyChain(FIVE.filter((r) => r.id !== 3))).toMatchObject({ ok: false, checked: 2, firstBadId: 3, reason: 'missing_rows', message: expect.stringContaining('event 3 is missing') })
    expect(verifyChain(FIVE.filter((r) => r.id !== 2 && r.id !== 3))).toMatchObject({ firstBadId: 2, reason: 'missing_rows', message: expect.stringContaining('events 2–3 are missing') })
    expect(verifyChain(FIVE.slice(1))).toMatchObject({ checked: 0, firstBadId: 1, reason: 'missing_rows' })
  })

  it('renumbered rows after a deletion (ids closed up) are still caught by their links', () => {
    const rows = [at(FIVE, 0), at(FIVE, 1), { ...at(FIVE, 3), id: 3 }, { ...at(FIVE, 4), id: 4 }]
    expect(verifyChain(rows)).toMatchObject({ ok: false, firstBadId: 3, reason: 'altered_row' })
  })

  it('names a truncated tail when the table is behind an anchor or a checkpoint', () => {
    const three = FIVE.slice(0, 3)
    for (const source of ['file', 'secure', 'checkpoint'] as const) {
      const v = verifyChain(three, [anchor(source, 5, at(FIVE, 4).hash)])
      expect(v).toMatchObject({ ok: false, checked: 3, firstBadId: 4, reason: 'truncated_tail' })
      expect(v.message).toContain('recorded 5 events')
    }
  })

  it('accepts an anchor behind the table (a crash between commit and anchor write)', () => {
    expect(verifyChain(FIVE, [anchor('file', 3, at(FIVE, 2).hash), anchor('checkpoint', 1, at(FIVE, 0).hash)])).toMatchObject({
      ok: true,
      checked: 5,
      message: '5 events intact; matches the anchor file and the checkpoint.',
    })
  })

  it('names an anchor whose head the table does not have (a rewritten log, or another database)', () => {
    const other = chain([{ actor: 'x', action: 'y', entity_type: null, entity_id: null, details: '{}' }])
    expect(verifyChain(FIVE, [anchor('file', 1, at(other, 0).hash)])).toMatchObject({ ok: false, firstBadId: 1, reason: 'anchor_mismatch' })
    expect(verifyChain(FIVE, [{ source: 'file', state: 'unreadable', problem: 'not JSON' }])).toMatchObject({
      ok: false,
      firstBadId: null,
      reason: 'anchor_mismatch',
      message: 'The anchor file cannot be read (not JSON).',
    })
  })

  it('an absent anchor is missing only when the log records that the store was kept', () => {
    const absent: AnchorClaim = { source: 'file', state: 'absent' }
    expect(verifyChain(FIVE, [absent])).toMatchObject({ ok: true })
    const marked = chain([
      { actor: 'system', action: ANCHOR_STARTED, entity_type: null, entity_id: null, details: '{"store":"secure","count":0}' },
      { actor: 'system', action: ANCHOR_STARTED, entity_type: null, entity_id: null, details: '{"store":"file","count":1}' },
    ])
    expect(verifyChain(marked, [absent])).toMatchObject({ ok: false, checked: 2, firstBadId: null, reason: 'anchor_missing' })
    expect(verifyChain(marked.slice(0, 1), [absent])).toMatchObject({ ok: true })
  })

  it('checks the chain before the anchors: damage is named where it is', () => {
    const rows = FIVE.map((r) => (r.id === 2 ? { ...r, actor: 'mallory' } : r))
    expect(verifyChain(rows, [anchor('file', 9, GENESIS)])).toMatchObject({ firstBadId: 2, reason: 'altered_row' })
  })
})
