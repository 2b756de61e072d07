// Message templates ("Potassium {value} {unit} is above {threshold} {unit}"): parsed once, rendered per finding.

/** Every placeholder a rule message may use; anything else is refused when the file loads. */
export const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'value',
  'unit',
  'threshold',
  'direction',
  'comparison',
  'low',
  'high',
  'range_source',
  'category',
  'label',
  'systolic',
  'diastolic',
  'readings',
  'delta',
  'previous',
  'previous_date',
  'metric',
  'target',
  'code',
  'display',
  'note',
  'band',
])

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '')
}

/** Alternating literal text and placeholder names: [text, name, text, name, ..., text]. */
export type CompiledTemplate = readonly string[]

export function compileTemplate(template: string): CompiledTemplate {
  return template.split(PLACEHOLDER)
}

/** Fills placeholders; one with no value is left visible as "{name}" rather than silently dropped. */
export function renderTemplate(parts: CompiledTemplate, values: Readonly<Record<string, string | number>>): string {
  let out = parts[0] ?? ''
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] ?? ''
    const value = values[name]
    out += value === undefined ? `{${name}}` : typeof value === 'number' ? formatNumber(value) : value
    out += parts[i + 1] ?? ''
  }
  return out
}

/**
 * Up to two decimals, trailing zeros dropped: 68.4567 → "68.46", 6.20 → "6.2", 450 → "450";
 * below 1, three significant digits so that small concentrations (0.0042 ng/mL) do not print as 0.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  const rounded = Math.abs(value) < 1 ? Number(value.toPrecision(3)) : Math.round(value * 100) / 100
  return Object.is(rounded, -0) ? '0' : String(rounded)
}
