// The CSV import formats: Dexcom Clarity and LibreView CGM exports and home blood-pressure files.
export { dexcomParser } from './dexcom'
export { libreViewParser } from './libreview'
export { bpCsvParser } from './bpCsv'
