// A version's configuration applied to the stored one: what changes, what stays, and when the template can be restored.
import { describe, expect, it } from 'vitest'
import type { ModelVersion } from '../../../shared/contract/rollout'
import type { StoredConfig } from '../../store/models'
import { configForVersion } from './applyVersion'

const current: StoredConfig = {
  baseModelId: 1,
  adapters: [{ modelId: 9, scale: 1 }],
  threads: 2,
  gpuLayers: null,
  parallelism: 3,
  temperature: 0.7,
  seed: 1,
  maxTokens: 500,
  timeoutS: 60,
  promptTemplate: 'custom text',
  remoteBackendId: 4,
}
const version = (promptTemplateVersion: string): ModelVersion => ({
  id: 5,
  name: 'tuned',
  baseModelId: 2,
  adapters: [{ modelId: 7, sha256: 'b'.repeat(64), scale: 0.5 }],
  promptTemplateVersion,
  sampling: { temperature: 0, seed: 42, maxTokens: 1200 },
  fingerprint: 'f'.repeat(64),
  state: 'production',
  canaryPercent: null,
  pausedReason: null,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'mona',
})
// A template's "version" here is its text upper-cased: enough to tell the cases apart.
const v = (text: string) => text.toUpperCase()

describe('configForVersion', () => {
  it.each([
    // [version's template version, expected promptTemplate, templateMatches]
    ['CUSTOM TEXT', 'custom text', true], // the template in use is the version's: kept
    ['DEFAULT TEXT', null, true], // the version used the default template: restored
    ['SOMETHING ELSE', 'custom text', false], // unknown text: left as it is, and said so
  ] as const)('template %s → %s (matches %s)', (tv, template, matches) => {
    const r = configForVersion(current, version(tv), 'default text', v)
    expect(r.templateMatches).toBe(matches)
    expect(r.config).toEqual({
      ...current,
      baseModelId: 2,
      adapters: [{ modelId: 7, scale: 0.5 }],
      temperature: 0,
      seed: 42,
      maxTokens: 1200,
      promptTemplate: template,
      remoteBackendId: null,
    })
  })
})
