// Creates an evaluation run from its request: versions resolved, gate checked, report set frozen; refuses what cannot give a result.
import type { StartEvalInputSchema } from '../../../shared/contract/eval'
import { AppError } from '../../../shared/errors'
import type { Db } from '../../store/db'
import { DEFAULT_GATE_TEXT } from '../gate/defaultGate'
import { formatGateErrors, loadGate } from '../gate/loadGate'
import type { Actor } from '../rolloutStore'
import { selectEvalSet } from './evalSet'
import { resolveRunVersion } from './resolveSpec'
import { createRun } from './runStore'
import type { z } from 'zod'

export type StartEvalInput = z.output<typeof StartEvalInputSchema>

export interface CreatedRun {
  runId: number
  /** Versions registered for this run (new configurations), for the audit trail. */
  createdVersionIds: number[]
}

export function createEvalRun(db: Db, input: StartEvalInput, actor: Actor, now: string): CreatedRun {
  const gateText = input.gateText ?? DEFAULT_GATE_TEXT
  const gate = loadGate(gateText)
  if (!gate.ok) throw new AppError('INVALID_INPUT', `The release gate file is invalid:\n${formatGateErrors(gate.errors)}`)
  const set = { set: input.set, kinds: input.kinds ?? [], from: input.from ?? null, to: input.to ?? null, reviewer: input.reviewer ?? null }
  if (set.from !== null && set.to !== null && set.from.slice(0, 10) > set.to.slice(0, 10)) throw new AppError('INVALID_INPUT', `from (${set.from}) is after to (${set.to}).`)
  return db.transaction((): CreatedRun => {
    const resolved = [input.baseline, ...input.candidates].map((spec) => resolveRunVersion(db, spec, actor, now))
    const ids = resolved.map((r) => r.version.id)
    const twice = ids.find((id, i) => ids.indexOf(id) !== i)
    if (twice !== undefined) {
      const name = resolved.find((r) => r.version.id === twice)!.version.name
      throw new AppError('INVALID_INPUT', `Version "${name}" is named twice: a run compares different versions (the baseline and each candidate once).`)
    }
    const reports = selectEvalSet(db, set)
    if (reports.length === 0) {
      throw new AppError(
        'INVALID_INPUT',
        set.set === 'test'
          ? 'No signed reports in the test split match: the test split is frozen by the first training-data export ("readout export"), or use --set all.'
          : 'No signed reports match the filters: widen them, or sign reports first.',
      )
    }
    const runId = createRun(db, {
      actor,
      set,
      gateText,
      gateVersion: gate.gate.gateVersion,
      seed: input.seed ?? gate.gate.statistics.seed,
      versions: resolved.map((r, i) => ({ versionId: r.version.id, role: i === 0 ? 'baseline' : 'candidate' })),
      reports,
      now,
    })
    return { runId, createdVersionIds: resolved.filter((r) => r.created).map((r) => r.version.id) }
  })()
}
