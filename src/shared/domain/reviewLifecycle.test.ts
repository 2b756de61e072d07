// The review lifecycle, case by case: every status × event with the facts that matter, worked out by hand.
import { describe, expect, it } from 'vitest'
import { transition, type ReviewEvent, type ReviewStatus } from './reviewLifecycle'

type Row = [ReviewStatus, ReviewEvent, { signedVersions: number; workingVersion: boolean }, ReviewStatus | RegExp]
const fresh = { signedVersions: 0, workingVersion: false }
const working = { signedVersions: 0, workingVersion: true }
const signedOnce = { signedVersions: 1, workingVersion: false }
const amending = { signedVersions: 1, workingVersion: true }
const signedTwice = { signedVersions: 2, workingVersion: false }

const CASES: Row[] = [
  // A draft arrives.
  ['new', 'draft_generated', fresh, 'drafted'],
  ['returned', 'draft_generated', working, 'drafted'],
  ['drafted', 'draft_generated', fresh, 'drafted'],
  ['in_review', 'draft_generated', working, 'in_review'],
  ['signed', 'draft_generated', signedOnce, 'signed'],
  ['device_corrected', 'draft_generated', signedOnce, 'device_corrected'],
  // Saving a working copy.
  ['new', 'save', fresh, 'in_review'],
  ['drafted', 'save', fresh, 'in_review'],
  ['in_review', 'save', working, 'in_review'],
  ['returned', 'save', working, 'in_review'],
  ['signed', 'save', signedOnce, /amend it/],
  ['amended', 'save', signedTwice, /amend it/],
  ['device_corrected', 'save', signedOnce, /confirm the signed version or amend/],
  ['device_corrected', 'save', amending, 'in_review'],
  // Returning.
  ['new', 'return', fresh, 'returned'],
  ['drafted', 'return', fresh, 'returned'],
  ['in_review', 'return', working, 'returned'],
  ['in_review', 'return', amending, /amendment cannot be returned/],
  ['returned', 'return', working, /returned cannot be returned/],
  ['signed', 'return', signedOnce, /signed cannot be returned/],
  // Signing.
  ['in_review', 'sign', working, 'signed'],
  ['in_review', 'sign', amending, 'amended'],
  ['in_review', 'sign', { signedVersions: 3, workingVersion: true }, 'amended'],
  ['drafted', 'sign', fresh, /review the draft first/],
  ['new', 'sign', fresh, /review the draft first/],
  ['returned', 'sign', working, /review the draft first/],
  ['signed', 'sign', signedOnce, /already signed/],
  ['amended', 'sign', signedTwice, /already signed/],
  ['in_review', 'sign', fresh, /no working version/],
  ['device_corrected', 'sign', amending, /save the amendment again/],
  ['device_corrected', 'sign', signedOnce, /confirm the signed version or amend it/],
  // Amending.
  ['signed', 'amend', signedOnce, 'in_review'],
  ['amended', 'amend', signedTwice, 'in_review'],
  ['device_corrected', 'amend', signedOnce, 'in_review'],
  ['device_corrected', 'amend', amending, /already open/],
  ['in_review', 'amend', working, /Only a signed report/],
  ['drafted', 'amend', fresh, /Only a signed report/],
  // A device correction.
  ['signed', 'device_corrected', signedOnce, 'device_corrected'],
  ['amended', 'device_corrected', signedTwice, 'device_corrected'],
  ['in_review', 'device_corrected', amending, 'device_corrected'],
  ['in_review', 'device_corrected', working, 'in_review'],
  ['drafted', 'device_corrected', fresh, 'drafted'],
  // Confirming the signed version after one.
  ['device_corrected', 'confirm_signed', signedOnce, 'signed'],
  ['device_corrected', 'confirm_signed', signedTwice, 'amended'],
  ['device_corrected', 'confirm_signed', amending, /sign it instead/],
  ['signed', 'confirm_signed', signedOnce, /Only a report corrected/],
]

describe('review lifecycle', () => {
  it.each(CASES)('%s + %s (%o) → %s', (status, event, facts, expected) => {
    const t = transition(status, event, facts)
    if (typeof expected === 'string') expect(t).toEqual({ ok: true, status: expected })
    else {
      expect(t.ok).toBe(false)
      if (!t.ok) expect(t.reason).toMatch(expected)
    }
  })
})
