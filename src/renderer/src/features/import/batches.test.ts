// Unit tests for splitting an import into batches by file count and size.
import { describe, expect, it } from 'vitest'
import { planBatches, uploadRefusal } from './batches'

const files = (...sizes: number[]) => sizes.map((size, i) => ({ name: `f${i}`, file: { size } }))

describe('planBatches', () => {
  it('keeps order and caps the file count', () => {
    const batches = planBatches(files(...Array<number>(120).fill(1)), 50, 1000)
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20])
    expect(batches.flat().map((f) => f.name)).toEqual(files(...Array<number>(120).fill(1)).map((f) => f.name))
  })
  it('starts a new batch before the byte budget is exceeded; a large file goes alone', () => {
    const batches = planBatches(files(40, 40, 30, 500, 10), 50, 100)
    expect(batches.map((b) => b.map((f) => f.file.size))).toEqual([[40, 40], [30], [500], [10]])
  })
  it('returns no batch for no files', () => {
    expect(planBatches([], 50, 100)).toEqual([])
  })
})

describe('uploadRefusal', () => {
  it('sends a file up to the limit and refuses a larger one with what to do instead', () => {
    expect(uploadRefusal(32 * 1024 * 1024)).toBeNull()
    expect(uploadRefusal(0)).toBeNull()
    expect(uploadRefusal(32 * 1024 * 1024 + 1)).toMatch(/32\.0 MiB.*readout import/)
    expect(uploadRefusal(60_000_000)).toMatch(/^not imported: the file is 57\.2 MiB/)
  })
})
