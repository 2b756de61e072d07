// Tests for locale-dependent date parsing and day/month order inference.
import { describe, expect, it } from 'vitest'
import { decideOrder, localIsoToMs, splitDateTime, splitTime, toLocalIso, type RawDateTime } from './dates'

function raw(text: string): RawDateTime {
  const r = splitDateTime(text)
  if (!r) throw new Error(`unparsed: ${text}`)
  return r
}

describe('splitDateTime and toLocalIso', () => {
  it.each([
    ['2024-03-05T07:08:09', 'YMD', '2024-03-05T07:08:09'],
    ['2024-03-05 07:08', 'YMD', '2024-03-05T07:08:00'],
    ['2024/03/05', 'YMD', '2024-03-05T00:00:00'],
    ['05.03.2024 19:45', 'DMY', '2024-03-05T19:45:00'],
    ['05/03/2024 7:05 PM', 'DMY', '2024-03-05T19:05:00'],
    ['03-05-2024 12:14 AM', 'MDY', '2024-03-05T00:14:00'],
    ['03-05-2024 12:14 PM', 'MDY', '2024-03-05T12:14:00'],
    ['3/5/24 9:00 a.m.', 'MDY', '2024-03-05T09:00:00'],
    ['05.03.2024, 19h45', 'DMY', '2024-03-05T19:45:00'],
  ] as const)('%s as %s → %s', (text, order, iso) => {
    expect(toLocalIso(raw(text), order)).toBe(iso)
  })

  it.each(['', 'yesterday', '2024-03-05T07:08:09Z', '05:03:2024', '12345-01-01', '1/2/3/4'])('refuses %j', (text) => {
    expect(splitDateTime(text)).toBeNull()
  })

  it('refuses impossible dates and times', () => {
    expect(toLocalIso(raw('02-30-2024'), 'MDY')).toBeNull()
    expect(toLocalIso(raw('2023-02-29'), 'YMD')).toBeNull()
    expect(toLocalIso(raw('2024-02-29'), 'YMD')).toBe('2024-02-29T00:00:00')
    expect(toLocalIso(raw('13-05-2024'), 'MDY')).toBeNull()
    expect(toLocalIso(raw('2024-03-05 24:00'), 'YMD')).toBeNull()
    expect(toLocalIso(raw('2024-03-05 13:00 PM'), 'YMD')).toBeNull()
  })

  it('splits separate time cells', () => {
    expect(splitTime('07:30')).toEqual({ hour: 7, minute: 30, second: 0, meridiem: undefined })
    expect(splitTime('7:30:15 pm')).toEqual({ hour: 7, minute: 30, second: 15, meridiem: 'PM' })
    expect(splitTime('noon')).toBeNull()
  })

  it('reads local ISO times as UTC for arithmetic only', () => {
    expect(localIsoToMs('2024-03-05T00:05:00') - localIsoToMs('2024-03-05T00:00:00')).toBe(300_000)
  })
})

describe('decideOrder', () => {
  it('settles on a day above 12', () => {
    expect(decideOrder([raw('05-03-2024'), raw('13-03-2024')])).toEqual({ order: 'DMY', note: 'Dates read as DD-MM-YYYY (day > 12 seen in 1 rows)' })
    expect(decideOrder([raw('03-13-2024'), raw('03-14-2024')])).toEqual({ order: 'MDY', note: 'Dates read as MM-DD-YYYY (day > 12 seen in 2 rows)' })
  })

  it('knows year-first dates need no inference', () => {
    expect(decideOrder([raw('2024-03-05')]).order).toBe('YMD')
  })

  it('reports ambiguity and conflicts', () => {
    expect(decideOrder([raw('05-03-2024')])).toEqual({ order: null, ambiguous: true })
    expect(decideOrder([raw('13-03-2024'), raw('03-13-2024')])).toMatchObject({ order: null, conflict: expect.stringContaining('disagree') })
  })
})
