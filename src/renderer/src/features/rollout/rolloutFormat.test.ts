// Rollout figures as text and the actions each version's row offers, from hand-worked cases.
import { describe, expect, it } from 'vitest'
import type { ModelVersion, RolloutStatus } from '../../../../shared/contract/rollout'
import { actionsFor, clearlyDiffers, differenceText, minutesText, percentText } from './rolloutFormat'

const d = (estimate: number, low: number, high: number) => ({ estimate, low, high, level: 0.95, resamples: 2000, seed: 14, undefinedResamples: 0 })
const v = (id: number, state: ModelVersion['state'], pausedReason: string | null = null): ModelVersion => ({
  id,
  name: `v${id}`,
  baseModelId: 1,
  adapters: [],
  promptTemplateVersion: 't',
  sampling: { temperature: 0, seed: 1, maxTokens: 10 },
  fingerprint: 'f',
  state,
  canaryPercent: state === 'canary' ? 10 : null,
  pausedReason,
  createdAt: '',
  createdBy: '',
})
const status = (productionId: number | null, canaryId: number | null): RolloutStatus => ({ versions: [], productionId, canaryId, productionHistory: [] })

describe('rollout formatting', () => {
  it.each([
    [d(0.05, -0.012, 0.113), 'points', '+5.0 [−1.2, 11.3]'],
    [d(-0.25, -0.5, -0.1), 'points', '−25.0 [−50.0, −10.0]'],
    [d(120_000, 60_000, 180_000), 'minutes', '+2.0 [1.0, 3.0]'],
    [null, 'points', ''],
  ] as const)('%j in %s → %s', (diff, unit, text) => {
    expect(differenceText(diff, unit)).toBe(text)
  })
  it('rates, times, and whether an interval excludes zero', () => {
    expect([percentText(0.1234), percentText(null), minutesText(90_000), minutesText(null)]).toEqual(['12.3%', '–', '1.5 min', '–'])
    expect([clearlyDiffers(d(0.1, 0.01, 0.2)), clearlyDiffers(d(-0.1, -0.2, -0.01)), clearlyDiffers(d(0, -0.1, 0.1)), clearlyDiffers(null)]).toEqual(['higher', 'lower', null, null])
  })
})

describe('actionsFor', () => {
  it.each([
    ['candidate, no production: shadow or promote first', v(1, 'candidate'), status(null, null), ['shadow', 'promote']],
    ['candidate with production', v(2, 'candidate'), status(1, null), ['shadow', 'canary']],
    ['candidate while another is canary', v(2, 'candidate'), status(1, 3), ['shadow']],
    ['shadow', v(2, 'shadow'), status(1, null), ['canary', 'promote']],
    ['the canary', v(3, 'canary'), status(1, 3), ['shadow', 'canary', 'promote']],
    ['a paused canary', v(3, 'canary', 'alert'), status(1, 3), ['shadow', 'canary', 'promote', 'resume']],
    ['production', v(1, 'production'), status(1, null), []],
    ['retired', v(4, 'retired'), status(1, null), []],
  ] as const)('%s', (_name, version, s, expected) => {
    expect(actionsFor(version, s)).toEqual(expected)
  })
})
