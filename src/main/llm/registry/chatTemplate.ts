// A registered model's chat template, read from its GGUF metadata without loading the model (main process side).
import { AppError } from '../../../shared/errors'
import { nodeLlamaCpp } from '../nodeLlamaCpp'
import { chatTemplateFromGguf, type ChatTemplate } from '../prompt/chatTemplate'

// By file content (SHA-256): a registered file that changes gets a new fingerprint, and reading a large model's
// vocabulary for every prompt would cost tens of milliseconds each time.
const cache = new Map<string, ChatTemplate | null>()

/**
 * The chat template of the model file at `path` whose registered fingerprint is `sha256`, or null when it has none.
 * The engine process reads the same metadata of the loaded model, so both render a prompt identically.
 */
export async function readChatTemplate(path: string, sha256: string): Promise<ChatTemplate | null> {
  const known = cache.get(sha256)
  if (known !== undefined) return known
  const { readGgufFileInfo } = await nodeLlamaCpp()
  let metadata: unknown
  try {
    metadata = (await readGgufFileInfo(path, { readTensorInfo: false, logWarnings: false })).metadata
  } catch (err) {
    throw new AppError('INVALID_MODEL', `The model file ${path} could not be read: ${err instanceof Error ? err.message : String(err)}`)
  }
  const template = chatTemplateFromGguf(metadata)
  if (cache.size >= 16) cache.clear()
  cache.set(sha256, template)
  return template
}
