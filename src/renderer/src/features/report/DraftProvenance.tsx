// Where a draft came from: base model and adapters with fingerprints, prompt template, sampling, tokens and timings.
import { Code, Text } from '@mantine/core'
import type { Interpretation } from '../../../../shared/contract/interpret'
import { formatCount, formatLocalTime, formatNumber } from '../../components/format'
import { formatPlacement, shortHash } from '../models/modelFormat'

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${formatNumber(ms / 1000, 1)} s`
}

export function DraftProvenance({ interpretation: i }: { interpretation: Interpretation }) {
  const p = i.provenance
  const adapters = p.adapters.length === 0 ? 'none' : p.adapters.map((a) => `${a.name} ×${a.scale} (${shortHash(a.sha256)})`).join(', ')
  const reused = p.reusedPromptTokens > 0 ? `, ${formatCount(p.reusedPromptTokens)} reused` : ''
  // Shown only when it happened: it explains a slow first token (every sequence was drafting another report).
  // Drafts made before chat templates have no format: they were given raw text.
  const fed =
    p.promptFormat === 'chat-template' ? `in the model's chat template${p.chatTemplateSha256 ? ` (${shortHash(p.chatTemplateSha256)})` : ''}` : 'as raw text'
  const waited = p.sequenceWaitMs !== undefined && p.sequenceWaitMs >= 100 ? ` (${seconds(p.sequenceWaitMs)} of it waiting for other drafts)` : ''
  return (
    <Text size="xs" c="dimmed" data-testid="draft-provenance">
      Generated {formatLocalTime(i.createdAt)}
      {p.modelVersion ? (
        <>
          {' '}
          with model version <b data-testid="draft-model-version">{p.modelVersion.name}</b> (
          <Code fz="xs">{shortHash(p.modelVersion.fingerprint)}</Code>),
        </>
      ) : null}{' '}
      by base model <b data-testid="draft-base-model">{p.baseModel.name}</b> (sha256{' '}
      <Code fz="xs" data-testid="draft-base-sha" data-full={p.baseModel.sha256}>
        {shortHash(p.baseModel.sha256)}
      </Code>
      ) · adapters: <span data-testid="draft-adapters">{adapters}</span> · prompt template <Code fz="xs">{p.promptTemplateVersion}</Code>{' '}
      <span data-testid="draft-prompt-format">{fed}</span> ·
      temperature {p.sampling.temperature}, seed {p.sampling.seed}, at most {formatCount(p.sampling.maxTokens)} tokens ·{' '}
      <span data-testid="draft-tokens">
        {formatCount(p.promptTokens)} prompt tokens{reused}, {formatCount(p.outputTokens)} output tokens
      </span>{' '}
      · first token after {seconds(p.timeToFirstTokenMs)}
      {waited} · {formatNumber(p.tokensPerSecond, 1)} tokens/s · {seconds(p.wallMs)} in all ·{' '}
      {p.engine} on {formatPlacement(p)}, {p.threads} threads
    </Text>
  )
}
