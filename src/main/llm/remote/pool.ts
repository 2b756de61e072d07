// One RemoteLlmBackend per configured server, rebuilt when its settings or key change; the API key is read from the
// secret store only here, when a connection is made.
import { readFileSync } from 'node:fs'
import { AppError } from '../../../shared/errors'
import type { Db } from '../../store/db'
import { getRemoteBackend } from '../../store/remoteBackends'
import { RemoteLlmBackend } from './remoteBackend'
import { apiKeyName, type SecretStore } from './secrets'

export class RemoteBackendPool {
  private readonly cache = new Map<number, { stamp: string; backend: RemoteLlmBackend }>()

  constructor(
    private readonly db: Db,
    readonly secrets: SecretStore,
    private readonly tuning: { retries?: number; retryBaseMs?: number } = {},
  ) {}

  /** The backend for a configured server, connected with its current settings and key. */
  backendFor(id: number): RemoteLlmBackend {
    const endpoint = getRemoteBackend(this.db, id)
    if (!endpoint) throw new AppError('MODEL_NOT_READY', `The remote backend ${id} is no longer configured. Choose a model on the Models page.`)
    const stamp = `${endpoint.updatedAt}|${endpoint.apiKey.hint ?? ''}`
    const known = this.cache.get(id)
    if (known && known.stamp === stamp) return known.backend
    if (known) void known.backend.dispose()
    const backend = this.build(id)
    this.cache.set(id, { stamp, backend })
    return backend
  }

  /** A connection of its own, not shared with drafting (a connection test must not disturb drafts in progress); dispose it after use. */
  build(id: number): RemoteLlmBackend {
    const endpoint = getRemoteBackend(this.db, id)
    if (!endpoint) throw new AppError('NOT_FOUND', `No remote backend with id ${id}`)
    let caBundle: string | null = null
    if (endpoint.caBundlePath) {
      try {
        caBundle = readFileSync(endpoint.caBundlePath, 'utf8')
      } catch {
        throw new AppError('INVALID_INPUT', `The CA bundle ${endpoint.caBundlePath} of remote backend "${endpoint.name}" cannot be read. Put it back or change the path.`)
      }
    }
    return new RemoteLlmBackend({ endpoint, apiKey: this.secrets.get(apiKeyName(id)), caBundle, ...this.tuning })
  }

  /** Closes a server's connections (after an edit or removal). */
  forget(id: number): void {
    const known = this.cache.get(id)
    this.cache.delete(id)
    if (known) void known.backend.dispose()
  }

  async disposeAll(): Promise<void> {
    await Promise.all([...this.cache.values()].map((k) => k.backend.dispose()))
    this.cache.clear()
  }
}
