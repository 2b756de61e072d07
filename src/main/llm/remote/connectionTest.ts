// "Test connection": reachability, model and adapters, and one schema-constrained completion on synthetic text
// (no patient data), each with a message that says what to change.
import type { ConnectionTest } from '../../../shared/contract/remote'
import { interpretationJsonSchema, parseDraft } from '../../../shared/domain/interpretation'
import { AppError } from '../../../shared/errors'
import type { EngineConfig } from '../engine/backend'
import type { RemoteLlmBackend } from './remoteBackend'

/** Synthetic: the test completion sends nothing about any patient. */
export const TEST_PROMPT =
  'Connection test from Readout. Write an interpretation draft as JSON for this synthetic report: ' +
  'Potassium 4.2 mmol/L (reference 3.5-5.1), evidence id o1. Keep it short.\n'

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))

export async function testConnection(backend: RemoteLlmBackend, engine: EngineConfig, maxTokens: number): Promise<ConnectionTest> {
  const checks: ConnectionTest['checks'] = []
  const result = (ok: boolean, facts: { serverModel?: string | null; systemFingerprint?: string | null } = {}): ConnectionTest => ({
    ok,
    checks,
    serverModel: facts.serverModel ?? null,
    systemFingerprint: facts.systemFingerprint ?? null,
  })
  const { kind, baseUrl } = backend.endpoint
  const signal = AbortSignal.timeout(15_000)

  try {
    await backend.checkReachable(signal)
    checks.push({ check: 'reachable', ok: true, message: `The server at ${new URL(baseUrl).host} answers.` })
  } catch (err) {
    checks.push({ check: 'reachable', ok: false, message: messageOf(err) })
    return result(false)
  }

  if (kind !== 'azure-openai') {
    // Azure lists base models, not deployments; a missing deployment shows as a 404 on the completion below.
    const listed = await backend.serverModels(signal).catch((err: unknown) => err)
    // A refused key shows here first (llama-server's /health answers without one); a server without a model list does not fail.
    if (listed instanceof AppError && listed.code === 'INVALID_MODEL') {
      checks.push({ check: 'model', ok: false, message: listed.message })
      return result(false)
    }
    checks.push(
      !Array.isArray(listed)
        ? { check: 'model', ok: true, message: 'The server does not list its models; the completion below checks the model.' }
        : { check: 'model', ok: true, message: `The server lists: ${(listed as string[]).slice(0, 10).join(', ') || 'no models'}.` },
    )
  }

  try {
    await backend.configure(engine)
    checks.push({
      check: 'adapters',
      ok: true,
      message: engine.adapters.length === 0 ? 'No adapter chosen.' : `Adapters found on the server: ${engine.adapters.map((a) => a.name ?? a.path.split(/[\\/]/).pop()).join(', ')}.`,
    })
  } catch (err) {
    const failedCheck = err instanceof AppError && err.code === 'INVALID_MODEL' && /does not serve/.test(err.message) ? 'model' : 'adapters'
    checks.push({ check: failedCheck, ok: false, message: messageOf(err) })
    return result(false)
  }

  try {
    const r = await backend.generate({ prompt: TEST_PROMPT, schema: interpretationJsonSchema, temperature: 0, seed: 1, maxTokens, signal: AbortSignal.timeout(120_000) })
    const facts = { serverModel: r.remote?.serverModel ?? null, systemFingerprint: r.remote?.systemFingerprint ?? null }
    const parsed = parseDraft(r.text)
    if (parsed.ok) {
      checks.push({ check: 'schemaCompletion', ok: true, message: `A schema-constrained draft came back and parses (${r.outputTokens} tokens in ${Math.round(r.wallMs)} ms).` })
      return result(true, facts)
    }
    checks.push({
      check: 'schemaCompletion',
      ok: false,
      message:
        r.stopReason === 'maxTokens' && r.text.trimStart().startsWith('{')
          ? `The test draft reached the limit of ${maxTokens} tokens before it ended, so the schema could not be confirmed. Raise "Max tokens" and test again.`
          : `The server ignored the schema: its answer does not parse as a draft (${parsed.error}). It must support structured output (${kind === 'llama-server' ? 'json_schema' : 'response_format json_schema'}), and no proxy may drop the field. Drafts from it would all be refused.`,
    })
    return result(false, facts)
  } catch (err) {
    const isModel = err instanceof AppError && /HTTP 404/.test(err.message)
    checks.push({ check: isModel ? 'model' : 'schemaCompletion', ok: false, message: messageOf(err) })
    return result(false)
  }
}
