// How runStepsInline routes node-llama-cpp's calls. The binding is stood in for by a plain class shaped like it
// (methods on a prototype, read-only like N-API's): the real binding is exercised in test/integration/engineProcess.
import { describe, expect, it } from 'vitest'
import { INLINE_STEPS_ENV, runStepsInline } from './inlineSteps'

class StandInBinding {
  calls: string[] = []
  failDecode = false
  decodeBatch(): Promise<void> {
    this.calls.push('decodeBatch')
    return Promise.resolve()
  }
  sampleToken(...args: unknown[]): Promise<unknown> {
    this.calls.push(`sampleToken/${args.length}`)
    return Promise.resolve(7)
  }
  decodeBatchSync(): void {
    this.calls.push('decodeBatchSync')
    if (this.failDecode) throw new Error('Eval has failed')
  }
  sampleTokenSync(batchLogitIndex: number, sampler: unknown): number {
    this.calls.push(`sampleTokenSync/${batchLogitIndex}/${String(sampler)}`)
    return 42
  }
}
for (const name of ['decodeBatch', 'sampleToken', 'decodeBatchSync', 'sampleTokenSync'] as const) {
  Object.defineProperty(StandInBinding.prototype, name, { writable: false })
}

class WithoutSync {
  decodeBatch = () => Promise.resolve()
  sampleToken = () => Promise.resolve(1)
}

describe('runStepsInline', () => {
  it('decodes and samples through the synchronous calls, answering with settled promises', async () => {
    const binding = new StandInBinding()
    expect(runStepsInline({ _ctx: binding }, {})).toBe(true)
    await expect(binding.decodeBatch()).resolves.toBeUndefined()
    await expect(binding.sampleToken(3, 'sampler')).resolves.toBe(42)
    expect(binding.calls).toEqual(['decodeBatchSync', 'sampleTokenSync/3/sampler'])
  })

  it('leaves sampling that asks for probabilities, confidence or logits to the thread-pool call', async () => {
    const binding = new StandInBinding()
    runStepsInline({ _ctx: binding }, {})
    await expect(binding.sampleToken(0, 'sampler', true, false, false, false)).resolves.toBe(7)
    expect(binding.calls).toEqual(['sampleToken/6'])
  })

  it('turns a failing decode into a rejected promise, as the thread-pool call would', async () => {
    const binding = new StandInBinding()
    binding.failDecode = true
    runStepsInline({ _ctx: binding }, {})
    let result: Promise<void> | undefined
    expect(() => (result = binding.decodeBatch())).not.toThrow()
    await expect(result).rejects.toThrow('Eval has failed')
  })

  it('changes nothing for a binary without the synchronous calls, or when turned off', async () => {
    const plain = new WithoutSync()
    const { decodeBatch } = plain
    expect(runStepsInline({ _ctx: plain }, {})).toBe(false)
    expect(plain.decodeBatch).toBe(decodeBatch)

    const binding = new StandInBinding()
    expect(runStepsInline({ _ctx: binding }, { [INLINE_STEPS_ENV]: '0' })).toBe(false)
    await binding.decodeBatch()
    expect(binding.calls).toEqual(['decodeBatch'])

    expect(runStepsInline({}, {})).toBe(false)
  })
})
