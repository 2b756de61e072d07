// UCUM codes are exact but not what clinicians read: "mm[Hg]" → "mmHg", "10*9/L" → "×10⁹/L". Used by rule messages and the UI.
const DISPLAY_UNITS: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg',
  '10*9/L': '×10⁹/L',
  '10*3/uL': '×10³/µL',
  '10*12/L': '×10¹²/L',
  '{INR}': '',
  '1': '',
  deg: '°',
  Cel: '°C',
  '/min': '/min',
}

export function displayUnit(ucum: string): string {
  return DISPLAY_UNITS[ucum] ?? ucum.replace(/\{[^}]*\}/g, '').replace(/^u/, 'µ')
}
