// Formatting for the Models page: parameter counts, durations, engine placement, and the active-configuration summary.
import type { EngineStatus, Model } from '../../../../shared/contract/models'
import { formatBytes } from '../../components/format'

/** 168_200_000 → "168.2 M"; 7_240_000_000 → "7.2 B". */
export function formatParams(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '—'
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} B`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`
  return String(n)
}

/** GGUF file types as people write them: "MOSTLY_Q4_K_M" → "Q4_K_M", "ALL_F32" → "F32". */
export function formatQuantisation(q: string): string {
  return q.replace(/^(ALL|MOSTLY)_/, '')
}

/** Seconds left as people say it: "45 s", "3 min 20 s", "1 h 5 min"; null → "—". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—'
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) {
    const rest = s % 60
    return rest === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${rest} s`
  }
  const min = Math.floor((s % 3600) / 60)
  return min === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${min} min`
}

/** Where the model runs: the GPU's name, or "CPU". */
export function formatPlacement(status: Pick<EngineStatus, 'gpu'>): string {
  return status.gpu === null || status.gpu === '' || status.gpu === 'false' ? 'CPU' : status.gpu
}

export function formatMemory(bytes: number | null): string {
  return bytes === null ? '—' : formatBytes(bytes)
}

/** The first 12 hex digits: enough to tell fingerprints apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12)
}

/** "name ×0.8, other ×1" for adapter choices, with names looked up in the registry. */
export function describeAdapters(adapters: { modelId: number; scale: number }[], models: Model[]): string {
  if (adapters.length === 0) return 'none'
  return adapters.map((a) => `${models.find((m) => m.id === a.modelId)?.name ?? `#${a.modelId}`} ×${a.scale}`).join(', ')
}

export function modelName(id: number | null, models: Model[]): string {
  if (id === null) return 'none'
  return models.find((m) => m.id === id)?.name ?? `#${id}`
}

export const ENGINE_STATE_LABEL: Record<EngineStatus['state'], string> = {
  unloaded: 'Not loaded',
  loading: 'Loading',
  ready: 'Ready',
  error: 'Error',
}

export const ENGINE_STATE_COLOR: Record<EngineStatus['state'], string> = {
  unloaded: 'gray',
  loading: 'blue',
  ready: 'teal',
  error: 'red',
}
