import { describe, expect, it } from 'vitest'
import { setLabel, type SetSpecLike } from './runLabels'

describe('setLabel', () => {
  it.each([
    [{ set: 'test' }, 'test split'],
    [{ set: 'all', kinds: [] }, 'all signed'],
    [{ set: 'all', kinds: ['ecg', 'lab', 'unheard'] }, 'all signed; ECG, Lab, unheard'],
    [{ set: 'test', from: '2026-01-01', to: '2026-02-01' }, 'test split; signed 2026-01-01 to 2026-02-01'],
    [{ set: 'test', from: '2026-01-01', to: null }, 'test split; signed from 2026-01-01'],
    [{ set: 'test', to: '2026-02-01' }, 'test split; signed until 2026-02-01'],
    [{ set: 'all', reviewer: 'drlee' }, 'all signed; reviewer drlee'],
  ] as [SetSpecLike, string][])('%j → %s', (s, text) => expect(setLabel(s)).toBe(text))
})
