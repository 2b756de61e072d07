// What a rule finding or a draft finding rests on is highlighted (observations, and rule findings a draft cites): while hovered, or after a click (pinned).
import { useCallback, useMemo, useState } from 'react'
import type { StoredFinding } from '../../../../shared/contract/rules'

/** Something whose basis can be highlighted: a rule finding, or a finding of the model's draft. */
export interface HighlightTarget {
  /** Unique across the view: "rule:7", "draft:3:0". */
  key: string
  observationIds: readonly number[]
  /** Rule findings it cites (a draft finding may point at them). */
  findingIds: readonly number[]
}

export function ruleTarget(f: StoredFinding): HighlightTarget {
  return { key: `rule:${f.id}`, observationIds: f.observationIds, findingIds: [] }
}

export interface ObservationHighlight {
  /** Observation ids to highlight now. */
  ids: ReadonlySet<number>
  /** Rule finding ids to highlight now (cited by a draft finding). */
  findingIds: ReadonlySet<number>
  /** The key of the target pinned by a click, if any. */
  pinnedKey: string | null
  /** Bumped on each click, so the table scrolls to the observations again even for the same target. */
  scrollRequest: number
  preview: (t: HighlightTarget) => void
  endPreview: () => void
  /** Click: pin (and scroll to) this target's observations, or unpin when it was pinned. */
  toggle: (t: HighlightTarget) => void
  /** Forget hover and pin (e.g. when the draft they belonged to was replaced). */
  clear: () => void
}

export function useObservationHighlight(): ObservationHighlight {
  const [hovered, setHovered] = useState<HighlightTarget | null>(null)
  const [pinned, setPinned] = useState<HighlightTarget | null>(null)
  const [scrollRequest, setScrollRequest] = useState(0)
  const active = hovered ?? pinned
  const ids = useMemo(() => new Set(active?.observationIds ?? []), [active])
  const findingIds = useMemo(() => new Set(active?.findingIds ?? []), [active])
  const preview = useCallback((t: HighlightTarget) => setHovered(t), [])
  const endPreview = useCallback(() => setHovered(null), [])
  const toggle = useCallback(
    (t: HighlightTarget) => {
      const unpin = pinned?.key === t.key
      setPinned(unpin ? null : t)
      if (!unpin) setScrollRequest((n) => n + 1)
    },
    [pinned],
  )
  const clear = useCallback(() => {
    setHovered(null)
    setPinned(null)
  }, [])
  return { ids, findingIds, pinnedKey: pinned?.key ?? null, scrollRequest, preview, endPreview, toggle, clear }
}
