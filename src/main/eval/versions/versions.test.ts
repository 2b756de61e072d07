// Version SPECs as the CLI takes them, and fingerprints that recognise the same configuration.
import { describe, expect, it } from 'vitest'
import { versionFingerprint, type VersionConfig } from './fingerprint'
import { parseVersionSpec } from './spec'

describe('parseVersionSpec', () => {
  it.each([
    ['production-2026.03', { kind: 'name', name: 'production-2026.03' }],
    ['3', { kind: 'config', baseModelId: 3, adapters: [] }],
    ['3+7:0.5', { kind: 'config', baseModelId: 3, adapters: [{ modelId: 7, scale: 0.5 }] }],
    [' 3+7:0.5+9 ', { kind: 'config', baseModelId: 3, adapters: [{ modelId: 7, scale: 0.5 }, { modelId: 9, scale: 1 }] }],
    ['12+4:.25', { kind: 'config', baseModelId: 12, adapters: [{ modelId: 4, scale: 0.25 }] }],
  ])('%j', (text, spec) => {
    expect(parseVersionSpec(text)).toEqual({ ok: true, spec })
  })

  it.each([
    ['', /^empty version/],
    ['0', /"0" is not a base model id/],
    ['3+', /adapter 1 \(""\): expected ADAPTER_ID/],
    ['3+7:0', /adapter 1 \("7:0"\): the scale must be a number above 0 and at most 10/],
    ['3+7:-1', /the scale must be a number above 0/],
    ['3+7:11', /at most 10/],
    ['3+7:0.5:1', /one scale only/],
    ['3+7+7:0.5', /adapter 2 \("7:0.5"\): adapter 7 is named twice/],
    ['v 2', /"v 2" is not a version name/],
    ['-x', /"-x" is not a base model id/],
  ])('refuses %j', (text, error) => {
    const r = parseVersionSpec(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(error)
  })
})

describe('versionFingerprint', () => {
  const base: VersionConfig = {
    baseSha256: 'AB'.repeat(32),
    adapters: [{ sha256: '01'.repeat(32), scale: 0.5 }, { sha256: 'ff'.repeat(32), scale: 1 }],
    promptTemplateVersion: 'default-1+abc',
    sampling: { temperature: 0, seed: 42, maxTokens: 1024 },
  }

  it('is the same for the same configuration, adapters in any order and hashes in any case', () => {
    const f = versionFingerprint(base)
    expect(f).toMatch(/^[0-9a-f]{64}$/)
    expect(versionFingerprint({ ...base, baseSha256: 'ab'.repeat(32), adapters: [...base.adapters].reverse() })).toBe(f)
  })

  it.each([
    ['another adapter scale', { adapters: [{ sha256: '01'.repeat(32), scale: 0.6 }, { sha256: 'ff'.repeat(32), scale: 1 }] }],
    ['one adapter fewer', { adapters: [{ sha256: '01'.repeat(32), scale: 0.5 }] }],
    ['another prompt template', { promptTemplateVersion: 'default-2+def' }],
    ['another seed', { sampling: { temperature: 0, seed: 43, maxTokens: 1024 } }],
    ['another base model', { baseSha256: 'cd'.repeat(32) }],
  ])('changes with %s', (_, patch) => {
    expect(versionFingerprint({ ...base, ...patch })).not.toBe(versionFingerprint(base))
  })
})
