import { describe, expect, it } from 'vitest'
import { canaryPercentProblem, rolloutChoices, type FleetView, type VersionStateName } from './rolloutChoices'

type V = { id: number; name: string; state: VersionStateName; canaryPercent: number | null }
const v = (id: number, state: VersionStateName, name = `v${id}`): V => ({ id, name, state, canaryPercent: state === 'canary' ? 10 : null })

function fleet(versions: V[], productionHistory: number[]): FleetView {
  return {
    versions,
    productionId: versions.find((x) => x.state === 'production')?.id ?? null,
    canaryId: versions.find((x) => x.state === 'canary')?.id ?? null,
    productionHistory,
  }
}

describe('rolloutChoices for the evaluated version', () => {
  it.each([
    // [fleet, version, canary blocked?, promote blocked?, shadow blocked?]
    ['candidate beside a production', fleet([v(1, 'production'), v(2, 'candidate')], [1]), 2, null, 'v2 is candidate: only the canary or a shadow can be promoted; make it the canary first.', null],
    ['shadow beside a production', fleet([v(1, 'production'), v(2, 'shadow')], [1]), 2, null, null, 'v2 is shadow: only a candidate or the canary can go to shadow.'],
    ['the canary itself (a new share)', fleet([v(1, 'production'), v(2, 'canary')], [1]), 2, null, null, null],
    [
      'another version is the canary',
      fleet([v(1, 'production'), v(2, 'candidate'), v(3, 'canary', 'other')], [1]),
      2,
      'other is already the canary: return it to shadow first (Rollout page or "readout rollout shadow").',
      'v2 is candidate: only the canary or a shadow can be promoted; make it the canary first.',
      null,
    ],
    [
      'no production yet: the first may be promoted from candidate',
      fleet([v(2, 'candidate')], []),
      2,
      'There is no production version to share the reports with: promote a first version to production (readout rollout promote) first.',
      null,
      null,
    ],
    [
      'already production',
      fleet([v(1, 'retired'), v(2, 'production')], [1, 2]),
      2,
      'v2 is production: only a candidate, a shadow or the canary can become the canary.',
      'v2 is already production.',
      'v2 is production: only a candidate or the canary can go to shadow.',
    ],
    [
      'retired',
      fleet([v(1, 'production'), v(2, 'retired')], [1]),
      2,
      'v2 is retired: only a candidate, a shadow or the canary can become the canary.',
      'v2 is retired: only the canary or a shadow can be promoted; make it the canary first.',
      'v2 is retired: only a candidate or the canary can go to shadow.',
    ],
  ] as [string, FleetView, number, string | null, string | null, string | null][])('%s', (_name, f, id, canary, promote, shadow) => {
    const c = rolloutChoices(f, id)
    expect(c.canary.blocked).toBe(canary)
    expect(c.promote.blocked).toBe(promote)
    expect(c.shadow.blocked).toBe(shadow)
  })

  it('a version no longer listed offers nothing', () => {
    const c = rolloutChoices(fleet([v(1, 'production')], [1]), 9)
    expect([c.canary.blocked, c.promote.blocked, c.shadow.blocked]).toEqual(Array(3).fill('This version is no longer listed: reload the page.'))
  })
})

describe('rollback', () => {
  it.each([
    ['nothing in production', fleet([v(2, 'candidate')], []), 'There is no production version to roll back.', null, null],
    ['only a first production', fleet([v(1, 'production', 'base'), v(2, 'candidate')], [1]), 'base is the first production version: there is none to roll back to.', 'base', null],
    ['a previous production to restore', fleet([v(1, 'retired', 'base'), v(2, 'production', 'tuned')], [1, 2]), null, 'tuned', 'base'],
  ] as [string, FleetView, string | null, string | null, string | null][])('%s', (_name, f, blocked, from, to) => {
    const r = rolloutChoices(f, 2).rollback
    expect(r.blocked).toBe(blocked)
    expect(r.from?.name ?? null).toBe(from)
    expect(r.to?.name ?? null).toBe(to)
  })
})

describe('canaryPercentProblem', () => {
  it.each([
    ['10', null],
    [' 5.25 ', null],
    ['0.01', null],
    ['99.99', null],
    ['0', 'More than 0 and less than 100 percent; to give a version every report, promote it'],
    ['0.00', 'More than 0 and less than 100 percent; to give a version every report, promote it'],
    ['100', 'A share from 0.01 to 99.99 percent, e.g. 10'],
    ['5.125', 'A share from 0.01 to 99.99 percent, e.g. 10'],
    ['-5', 'A share from 0.01 to 99.99 percent, e.g. 10'],
    ['', 'A share from 0.01 to 99.99 percent, e.g. 10'],
    ['ten', 'A share from 0.01 to 99.99 percent, e.g. 10'],
  ] as [string, string | null][])('%j → %s', (text, problem) => expect(canaryPercentProblem(text)).toBe(problem))
})
