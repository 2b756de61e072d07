// Production is what drafts: a model version's configuration written into the engine configuration every draft reads.
import type { ModelVersion } from '../../../shared/contract/rollout'
import type { StoredConfig } from '../../store/models'

export interface AppliedConfig {
  config: StoredConfig
  /**
   * Whether the prompt template in the result is the version's. A version stores only its template's version (a
   * hash), so the text can be restored only when it is the default template or the one in use; otherwise the
   * template stays as it is and drafts are not attributed to the version (their fingerprint differs).
   */
  templateMatches: boolean
}

/**
 * The configuration after making `version` the one that drafts: its base model, adapters with scales and sampling;
 * the local engine (a version names local model files); threads, parallelism, timeout and GPU placement unchanged
 * (they change speed, not drafts). `templateVersionOf` gives a template text's version.
 */
export function configForVersion(current: StoredConfig, version: ModelVersion, defaultTemplate: string, templateVersionOf: (text: string) => string): AppliedConfig {
  const currentVersion = templateVersionOf(current.promptTemplate ?? defaultTemplate)
  let promptTemplate = current.promptTemplate
  let templateMatches = currentVersion === version.promptTemplateVersion
  if (!templateMatches && templateVersionOf(defaultTemplate) === version.promptTemplateVersion) {
    promptTemplate = null
    templateMatches = true
  }
  return {
    config: {
      ...current,
      baseModelId: version.baseModelId,
      adapters: version.adapters.map((a) => ({ modelId: a.modelId, scale: a.scale })),
      temperature: version.sampling.temperature,
      seed: version.sampling.seed,
      maxTokens: version.sampling.maxTokens,
      promptTemplate,
      remoteBackendId: null,
    },
    templateMatches,
  }
}
