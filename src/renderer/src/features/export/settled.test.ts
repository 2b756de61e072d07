// The preview's debounce: one request per pause in typing, with the last value, never one per keystroke.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSettler, PREVIEW_SETTLE_MS } from './settled'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('createSettler', () => {
  it('typing "abc" with 100 ms between keys settles once, 300 ms after the last key, on "abc"', () => {
    const settled: string[] = []
    const s = createSettler<string>(PREVIEW_SETTLE_MS, (v) => settled.push(v))
    s.push('a')
    vi.advanceTimersByTime(100)
    s.push('ab')
    vi.advanceTimersByTime(100)
    s.push('abc')
    vi.advanceTimersByTime(299)
    expect(settled).toEqual([])
    vi.advanceTimersByTime(1)
    expect(settled).toEqual(['abc'])
    vi.advanceTimersByTime(10_000)
    expect(settled).toEqual(['abc'])
  })

  it('two pauses settle twice, each on the value before its pause', () => {
    const settled: string[] = []
    const s = createSettler<string>(300, (v) => settled.push(v))
    s.push('x')
    vi.advanceTimersByTime(300)
    s.push('xy')
    vi.advanceTimersByTime(350)
    expect(settled).toEqual(['x', 'xy'])
  })

  it('cancel (the page closed) settles nothing', () => {
    const settled: string[] = []
    const s = createSettler<string>(300, (v) => settled.push(v))
    s.push('x')
    s.cancel()
    vi.advanceTimersByTime(1000)
    expect(settled).toEqual([])
  })
})
