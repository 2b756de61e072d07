// Benchmark: format detection of ECG XML behind a long prolog (internal DTD), and error messages quoting huge values. Prints figures.
// Run: npx vite-node bench/xml-prolog.bench.ts -- [--mb 20]
import { parseArgs } from 'node:util'
import { boundMessage } from '../src/shared/domain/excerpt'
import { detectParser } from '../src/main/ingest/detect'
import { parseUnits } from '../src/main/ingest/parseUnits'

const { values } = parseArgs({ options: { mb: { type: 'string', default: '20' } } })
const target = Number(values.mb) * 1024 * 1024

function utf16le(text: string): Uint8Array {
  const out = Buffer.from(`\uFEFF${text}`, 'utf16le')
  return new Uint8Array(out.buffer, out.byteOffset, out.length)
}

function time<T>(label: string, fn: () => T): T {
  const t0 = performance.now()
  const out = fn()
  console.log(`${label.padEnd(48)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`)
  return out
}

const line = '<!ELEMENT vendorBlock (#PCDATA)> <!-- a comment with ] and > --> <!ATTLIST vendorBlock a CDATA "x > y">\n'
const subset = line.repeat(Math.ceil(target / line.length))
const doc = `<?xml version="1.0"?>\n<!DOCTYPE AnnotatedECG [\n${subset}]>\n<AnnotatedECG xmlns="urn:hl7-org:v3"><id root="1"/></AnnotatedECG>`
const bytes = new TextEncoder().encode(doc)
console.log(`prolog: ${(bytes.length / 1024 / 1024).toFixed(1)} MiB of internal DTD before the root element`)
const found = time('detect (UTF-8)', () => detectParser(bytes)?.name)
time('detect (UTF-16LE)', () => detectParser(utf16le(doc))?.name)
time('detect + parse (UTF-8, one decode)', () => parseUnits(bytes))
console.log(`detected as: ${found ?? 'nothing'}`)

const huge = `Tag '${'x'.repeat(target)}' is an invalid name`
const bounded = time(`boundMessage on a ${values.mb} MiB value`, () => boundMessage(huge))
console.log(`bounded message: ${bounded.length} characters`)
