// Test helper: loads CSV fixtures and unwraps parser results (used only by the *.test.ts files here).
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { decodeText } from '../decodeText'
import type { FormatParser } from '../types'
import type { ParseError, ParsedReport } from '../../../shared/domain/report'

export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../../../test/fixtures/${path}`, import.meta.url)))
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

export function sniffs(parser: FormatParser, bytes: Uint8Array): boolean {
  return parser.sniff(decodeText(bytes).text, bytes)
}

export function parseOk(parser: FormatParser, bytes: Uint8Array): ParsedReport {
  const units = parser.parse(bytes)
  expect(units).toHaveLength(1)
  const unit = units[0]
  if (!unit?.ok) throw new Error(`expected a parsed report, got: ${unit?.error.describe()}`)
  expect(unit.raw).toBe(bytes)
  expect(unit.index).toBe(0)
  return unit.report
}

export function parseFail(parser: FormatParser, bytes: Uint8Array): ParseError {
  const units = parser.parse(bytes)
  expect(units).toHaveLength(1)
  const unit = units[0]
  if (!unit || unit.ok) throw new Error('expected the unit to fail')
  expect(unit.raw).toBe(bytes)
  return unit.error
}
