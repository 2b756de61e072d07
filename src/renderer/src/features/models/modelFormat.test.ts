// Unit tests for the Models page formatting helpers.
import { describe, expect, it } from 'vitest'
import type { Model } from '../../../../shared/contract/models'
import { describeAdapters, formatDuration, formatParams, formatPlacement, formatQuantisation, shortHash } from './modelFormat'

const model = (id: number, name: string): Model => ({
  id,
  kind: 'adapter',
  path: `/m/${name}.gguf`,
  name,
  size: 1,
  sha256: 'ab'.repeat(32),
  architecture: 'llama',
  parameterCount: 1,
  quantisation: 'F16',
  contextLength: null,
  hasChatTemplate: false,
  adapterAlpha: 16,
  addedAt: '2024-01-01T00:00:00Z',
  incompatibility: null,
  fileProblem: null,
})

describe('models formatting', () => {
  it('formats parameter counts with one decimal and a unit', () => {
    expect(formatParams(168_215_040)).toBe('168.2 M')
    expect(formatParams(7_241_732_096)).toBe('7.2 B')
    expect(formatParams(4_608)).toBe('4.6 K')
    expect(formatParams(512)).toBe('512')
    expect(formatParams(0)).toBe('—')
  })

  it('writes GGUF file types without their ALL_/MOSTLY_ prefix', () => {
    expect(formatQuantisation('MOSTLY_Q4_K_M')).toBe('Q4_K_M')
    expect(formatQuantisation('ALL_F32')).toBe('F32')
    expect(formatQuantisation('F16')).toBe('F16')
  })

  it('formats time left in seconds, minutes and hours', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(44.6)).toBe('45 s')
    expect(formatDuration(200)).toBe('3 min 20 s')
    expect(formatDuration(120)).toBe('2 min')
    expect(formatDuration(3900)).toBe('1 h 5 min')
    expect(formatDuration(7200)).toBe('2 h')
  })

  it('says CPU when no GPU is in use', () => {
    expect(formatPlacement({ gpu: null })).toBe('CPU')
    expect(formatPlacement({ gpu: 'cuda' })).toBe('cuda')
  })

  it('shortens fingerprints and names adapters with their scales', () => {
    expect(shortHash('0123456789abcdef')).toBe('0123456789ab')
    expect(describeAdapters([], [])).toBe('none')
    expect(describeAdapters([{ modelId: 2, scale: 0.8 }, { modelId: 9, scale: 1 }], [model(2, 'ecg-lora')])).toBe('ecg-lora ×0.8, #9 ×1')
  })
})
