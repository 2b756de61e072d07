// Parses a model version SPEC as the CLI takes it: a version's name, or BASE_ID[+ADAPTER_ID:SCALE…] for an unnamed configuration.

export type VersionSpec =
  | { kind: 'name'; name: string }
  | { kind: 'config'; baseModelId: number; adapters: { modelId: number; scale: number }[] }

export type ParseSpecResult = { ok: true; spec: VersionSpec } | { ok: false; error: string }

/** Version names start with a letter, so that "12" is always a base model id and never a name. */
export const VERSION_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/

const ID = /^[1-9]\d{0,9}$/
const SCALE = /^(?:\d+(?:\.\d+)?|\.\d+)$/
export const MAX_ADAPTERS = 8
export const MAX_SCALE = 10

/**
 * "production-2026-03" → a name; "3" → base model 3; "3+7:0.5+9" → base 3 with adapter 7 at 0.5 and adapter 9 at
 * scale 1 (the default). Errors say which part is wrong and what is expected.
 */
export function parseVersionSpec(text: string): ParseSpecResult {
  const s = text.trim()
  if (s === '') return { ok: false, error: 'empty version: give a version name or BASE_ID[+ADAPTER_ID:SCALE…]' }
  if (/^[A-Za-z]/.test(s)) {
    return VERSION_NAME.test(s) ? { ok: true, spec: { kind: 'name', name: s } } : { ok: false, error: `"${s}" is not a version name: letters, digits, ".", "_" and "-", starting with a letter, at most 64` }
  }
  const [base, ...rest] = s.split('+')
  if (base === undefined || !ID.test(base)) return { ok: false, error: `"${base ?? ''}" is not a base model id: expected a positive whole number, as "readout models list" shows` }
  if (rest.length > MAX_ADAPTERS) return { ok: false, error: `${rest.length} adapters: at most ${MAX_ADAPTERS}` }
  const adapters: { modelId: number; scale: number }[] = []
  for (const [i, part] of rest.entries()) {
    const [id, scale, extra] = part.split(':')
    const where = `adapter ${i + 1} ("${part}")`
    if (id === undefined || !ID.test(id)) return { ok: false, error: `${where}: expected ADAPTER_ID or ADAPTER_ID:SCALE, e.g. 7:0.5` }
    if (extra !== undefined) return { ok: false, error: `${where}: one scale only, e.g. 7:0.5` }
    const value = scale === undefined ? 1 : SCALE.test(scale) ? Number(scale) : Number.NaN
    if (!(value > 0 && value <= MAX_SCALE)) return { ok: false, error: `${where}: the scale must be a number above 0 and at most ${MAX_SCALE}` }
    if (adapters.some((a) => a.modelId === Number(id))) return { ok: false, error: `${where}: adapter ${id} is named twice` }
    adapters.push({ modelId: Number(id), scale: value })
  }
  return { ok: true, spec: { kind: 'config', baseModelId: Number(base), adapters } }
}
