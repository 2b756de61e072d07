// The acknowledgement rule at sign-off, case by case.
import { describe, expect, it } from 'vitest'
import { decideSignOff, type SignOffIssue } from './signOff'

const NUMBER: SignOffIssue = { code: 'NUMBER_NOT_IN_SOURCE', findingIndex: 1, message: '"7.2" matches no value' }
const NORMAL: SignOffIssue = { code: 'CONTRADICTS_CRITICAL_FINDING', findingIndex: null, message: 'Overall severity is normal' }

describe('decideSignOff', () => {
  it.each([
    [[], undefined, true, null],
    [[], '', true, null],
    [[NUMBER], undefined, false, /needs an acknowledgement.*finding 1 failed the evidence check \(NUMBER_NOT_IN_SOURCE\)/],
    [[NORMAL], '  ', false, /needs an acknowledgement.*the interpretation calls normal what a critical rule finding flags/],
    [[NORMAL], 'ok', false, /at least 3 characters/],
    [[NUMBER, NORMAL], 'Value read from the paper strip; repeat sample normal.', true, null],
  ] as const)('%j with %j → %s', (issues, ack, ok, refusal) => {
    const d = decideSignOff(issues, ack)
    expect(d.ok).toBe(ok)
    expect(d.needsAcknowledgement).toEqual(issues)
    if (refusal === null) expect(d.refusal).toBeNull()
    else expect(d.refusal).toMatch(refusal)
  })
})
