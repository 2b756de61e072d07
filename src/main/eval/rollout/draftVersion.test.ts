// Which version drafts a report: first drafts routed by the canary's share, re-drafts kept on their version, pauses respected.
import { describe, expect, it } from 'vitest'
import { inCanary } from './canary'
import { draftVersionFor } from './route'
import type { Fleet, RolloutVersion } from './states'

const v = (id: number, state: RolloutVersion['state'], extra: Partial<RolloutVersion> = {}): RolloutVersion => ({ id, state, salt: `s${id}`, canaryPercent: null, paused: null, ...extra })
const fleet: Fleet = { versions: [v(1, 'production'), v(2, 'canary', { canaryPercent: 50 })], productionHistory: [1] }
const paused: Fleet = { versions: [v(1, 'production'), v(2, 'canary', { canaryPercent: 50, paused: { reason: 'alert' } })], productionHistory: [1] }
const noCanary: Fleet = { versions: [v(1, 'production'), v(2, 'shadow')], productionHistory: [1] }
// Report ids on each side of the 50% share of salt s2, found rather than assumed.
const inside = Array.from({ length: 100 }, (_, i) => i + 1).find((id) => inCanary(id, 's2', 50))!
const outside = Array.from({ length: 100 }, (_, i) => i + 1).find((id) => !inCanary(id, 's2', 50))!

describe('draftVersionFor', () => {
  it.each([
    // [case, report, fleet, previous version, expected]
    ['first draft in the share', inside, fleet, undefined, { kind: 'canary', versionId: 2 }],
    ['first draft outside the share', outside, fleet, undefined, { kind: 'production' }],
    ['re-draft of a canary draft stays on the canary, whatever the share', outside, fleet, 2, { kind: 'canary', versionId: 2 }],
    ['re-draft of a production draft stays on production', inside, fleet, 1, { kind: 'production' }],
    ['re-draft of an unattributed draft goes to production', inside, fleet, null, { kind: 'production' }],
    ['paused canary: first draft goes to production', inside, paused, undefined, { kind: 'production' }],
    ['paused canary: its re-draft goes to production', inside, paused, 2, { kind: 'production' }],
    ['canary gone (back to shadow): its re-draft goes to production', inside, noCanary, 2, { kind: 'production' }],
  ] as const)('%s', (_name, reportId, f, previous, expected) => {
    expect(draftVersionFor(reportId, f, previous)).toEqual(expected)
  })
})
