// How rollout figures read on screen: rates as percentages, times in minutes, differences with their interval; and which actions a version allows.
import type { Difference, ModelVersion, RolloutStatus } from '../../../../shared/contract/rollout'

export function percentText(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(1)}%`
}

export function minutesText(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 60_000).toFixed(1)} min`
}

/** "+5.0 [−1.2, 11.3]" in points (rates) or minutes (times); '' without a comparison. */
export function differenceText(d: Difference, unit: 'points' | 'minutes'): string {
  if (d === null) return ''
  const f = (x: number) => {
    const v = unit === 'points' ? x * 100 : x / 60_000
    return `${v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`
  }
  return `${d.estimate > 0 ? '+' : ''}${f(d.estimate)} [${f(d.low)}, ${f(d.high)}]`
}

/** Whether the interval lies wholly above or below zero: the difference is not noise at its level. */
export function clearlyDiffers(d: Difference): 'higher' | 'lower' | null {
  if (d === null) return null
  if (d.low > 0) return 'higher'
  if (d.high < 0) return 'lower'
  return null
}

export type VersionAction = 'shadow' | 'canary' | 'promote' | 'resume'

/** The buttons a version's row offers; the state machine in the main process decides finally. */
export function actionsFor(v: ModelVersion, status: RolloutStatus): VersionAction[] {
  const out: VersionAction[] = []
  const noProduction = status.productionId === null
  if (v.state === 'candidate' || v.state === 'canary') out.push('shadow')
  if (!noProduction && (v.state === 'candidate' || v.state === 'shadow' || v.state === 'canary') && (status.canaryId === null || status.canaryId === v.id)) out.push('canary')
  if (v.state === 'shadow' || v.state === 'canary' || (noProduction && v.state === 'candidate')) out.push('promote')
  if (v.state === 'canary' && v.pausedReason !== null) out.push('resume')
  return out
}
