// The per-server request limit: order of arrival, release, cancel while waiting.
import { describe, expect, it } from 'vitest'
import { Limiter } from './limiter'

describe('Limiter', () => {
  it('lets `limit` run, queues the rest in order, and cancels a waiter without losing its place for others', async () => {
    const l = new Limiter(2)
    const never = new AbortController().signal
    const r1 = await l.acquire(never)
    const r2 = await l.acquire(never)
    const order: string[] = []
    const cancelMe = new AbortController()
    const w3 = l.acquire(cancelMe.signal).then(() => order.push('3'), (e: Error) => order.push(`3 ${e.message}`))
    const w4 = l.acquire(never).then((r) => (order.push('4'), r))
    expect(l.running).toBe(2)
    cancelMe.abort()
    await w3
    r1()
    const r4 = await w4
    expect(order).toEqual(['3 Generation was cancelled; nothing was saved.', '4'])
    expect(l.running).toBe(2)
    r1() // a second release of the same place changes nothing
    expect(l.running).toBe(2)
    r2()
    r4()
    expect(l.running).toBe(0)
  })
})
