// Unit tests for download file names.
import { describe, expect, it } from 'vitest'
import { safeFileName } from './download'

describe('safeFileName', () => {
  it('keeps plain names and replaces separators and spaces', () => {
    expect(safeFileName('readout-rules-2026.1+3f9a0c.yaml')).toBe('readout-rules-2026.1-3f9a0c.yaml')
    expect(safeFileName('../../etc/passwd')).toBe('etc-passwd')
    expect(safeFileName('site rules/ward 3.yaml')).toBe('site-rules-ward-3.yaml')
  })
  it('never returns an empty name', () => {
    expect(safeFileName('///')).toBe('download')
  })
})
