// The version drafts' schedule, case by case: grouping by version, priorities, shadow last, slots.
import { describe, expect, it } from 'vitest'
import { nextDraft, type DraftPriority, type EngineNow, type WaitingDraft } from './versionSchedule'

const w = (versionId: number, priority: DraftPriority, seq: number): WaitingDraft => ({ versionId, priority, seq })
const at = (versionId: number | null, running: number, slots = 2): EngineNow => ({ versionId, running, slots })

describe('nextDraft', () => {
  it.each([
    ['nothing waits', [], at(null, 0), null],
    ['first draft: switch to its version', [w(1, 'eval', 0)], at(null, 0), { index: 0, switchVersion: true }],
    ['same version starts beside a running one', [w(1, 'eval', 3)], at(1, 1), { index: 0, switchVersion: false }],
    ['no free slot', [w(1, 'eval', 3)], at(1, 2), null],
    ['another version waits while one runs: drain first', [w(2, 'eval', 3)], at(1, 1), null],
    ['another version once idle: switch', [w(2, 'eval', 3)], at(1, 0), { index: 0, switchVersion: true }],
    ['oldest of the same priority first', [w(2, 'eval', 5), w(1, 'eval', 4)], at(2, 0), { index: 1, switchVersion: true }],
    // The head is version 2's canary: version 1's eval draft does not start beside the running one.
    ['a waiting canary of another version stops new eval drafts', [w(1, 'eval', 1), w(2, 'canary', 9)], at(1, 1), null],
    ['the canary goes first once idle', [w(1, 'eval', 1), w(2, 'canary', 9)], at(1, 0), { index: 1, switchVersion: true }],
    ['shadow waits while anything else waits', [w(3, 'shadow', 0), w(1, 'eval', 7)], at(3, 0), { index: 1, switchVersion: true }],
    ['shadow runs when it is all that waits', [w(3, 'shadow', 0)], at(1, 0), { index: 0, switchVersion: true }],
    ['shadow of the running version beside it when alone', [w(3, 'shadow', 0), w(3, 'shadow', 1)], at(3, 1), { index: 0, switchVersion: false }],
  ] as const)('%s', (_name, waiting, now, expected) => {
    expect(nextDraft(waiting, now)).toEqual(expected)
  })
})
