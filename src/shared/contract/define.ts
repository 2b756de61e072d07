// Helpers to declare contract methods and events once, with zod schemas, and derive their types.
import type { z } from 'zod'

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output }
}

export type MethodTable = Record<string, MethodSpec>
export type EventTable = Record<string, z.ZodType>

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never

/** Merge per-domain tables into one; a name declared twice is a programming error caught at start-up. */
export function mergeTables<T extends Record<string, unknown>[]>(...tables: T): UnionToIntersection<T[number]> {
  const merged: Record<string, unknown> = {}
  for (const table of tables) {
    for (const [name, entry] of Object.entries(table)) {
      if (name in merged) throw new Error(`Duplicate contract entry: ${name}`)
      merged[name] = entry
    }
  }
  return merged as UnionToIntersection<T[number]>
}
