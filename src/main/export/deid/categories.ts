// The de-identification categories that scrubbing counts and the residual scan names (HIPAA Safe Harbor groups).

export const DEID_CATEGORIES = ['name', 'identifier', 'birth_date', 'date', 'phone', 'email', 'address', 'device_serial', 'url', 'ip_address', 'ssn', 'age_over_89'] as const
export type DeidCategory = (typeof DEID_CATEGORIES)[number]

/** What replaces a scrubbed span: the category in brackets, so a reader sees something was there and what kind. */
export const PLACEHOLDER: Readonly<Record<DeidCategory, string>> = {
  name: '[NAME]',
  identifier: '[ID]',
  birth_date: '[DATE]',
  date: '[DATE]',
  phone: '[PHONE]',
  email: '[EMAIL]',
  address: '[ADDRESS]',
  device_serial: '[SERIAL]',
  url: '[URL]',
  ip_address: '[IP]',
  ssn: '[SSN]',
  age_over_89: '90+',
}

export type CategoryCounts = Partial<Record<DeidCategory, number>>

export function addCounts(into: CategoryCounts, from: CategoryCounts): void {
  for (const [k, v] of Object.entries(from) as [DeidCategory, number][]) into[k] = (into[k] ?? 0) + v
}
