// Plain statements of where patient data goes, for the Models page: pure, so the wording is tested.
import type { RemoteKind } from '../../../../shared/contract/remote'

export const KIND_LABELS: Record<RemoteKind, string> = {
  'llama-server': 'llama.cpp llama-server',
  vllm: 'vLLM',
  'azure-openai': 'Azure OpenAI / AI Foundry',
  openai: 'OpenAI-compatible',
}

/** The host part of a URL, or the text itself when it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** What happens to patient data with the current choice, in one or two sentences a clinician or auditor can read. */
export function whereDataGoes(remote: { name: string; kind: string; baseUrl: string } | null): string {
  if (!remote) return 'Drafts are made on this workstation. No report, finding or patient context leaves it.'
  const label = KIND_LABELS[remote.kind as RemoteKind] ?? remote.kind
  const loopback = /^https?:\/\/(localhost|127\.|\[::1\])/.test(remote.baseUrl)
  const how = loopback ? ', which runs on this workstation' : remote.baseUrl.startsWith('http://') ? ' over plain HTTP, unencrypted' : ' over an encrypted connection'
  return (
    `Drafts are made by the remote backend “${remote.name}” (${label}) at ${hostOf(remote.baseUrl)}: for every draft, the report's values, ` +
    `its rule findings and the patient context in the prompt (age band, sex, earlier values, clinicians' notes; never names or identifiers) ` +
    `are sent to that server${how}. Nothing else is sent.`
  )
}
