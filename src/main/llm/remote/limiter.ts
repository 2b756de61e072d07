// A first-come, first-served limit on concurrent requests to one server, whose waiters can be cancelled.
import { AppError } from '../../../shared/errors'
import { GENERATION_CANCELLED_MESSAGE } from '../engine/backend'

export class Limiter {
  private active = 0
  private readonly waiting: { start: () => void; fail: (err: Error) => void }[] = []

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit)
    this.drain()
  }

  get running(): number {
    return this.active
  }

  /** Resolves with a release function once a place is free; rejects with CANCELLED if `signal` aborts while waiting. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE))
    return new Promise((resolve, reject) => {
      let released = false
      const release = () => {
        if (released) return
        released = true
        this.active--
        this.drain()
      }
      const entry = {
        start: () => {
          signal.removeEventListener('abort', onAbort)
          this.active++
          resolve(release)
        },
        fail: reject,
      }
      const onAbort = () => {
        const i = this.waiting.indexOf(entry)
        if (i >= 0) this.waiting.splice(i, 1)
        reject(new AppError('CANCELLED', GENERATION_CANCELLED_MESSAGE))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(entry)
      this.drain()
    })
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) this.waiting.shift()!.start()
  }
}
