// Which observations a finding rests on are highlighted: while a finding is hovered, or after it was clicked (pinned).
import { useCallback, useMemo, useState } from 'react'
import type { StoredFinding } from '../../../../shared/contract/rules'

export interface ObservationHighlight {
  /** Observation ids to highlight now. */
  ids: ReadonlySet<number>
  /** The finding whose observations are pinned by a click, if any. */
  pinnedId: number | null
  /** Bumped on each click, so the table scrolls to the observations again even for the same finding. */
  scrollRequest: number
  preview: (f: StoredFinding) => void
  endPreview: () => void
  /** Click: pin (and scroll to) this finding's observations, or unpin when it was pinned. */
  toggle: (f: StoredFinding) => void
}

export function useObservationHighlight(): ObservationHighlight {
  const [hovered, setHovered] = useState<StoredFinding | null>(null)
  const [pinned, setPinned] = useState<StoredFinding | null>(null)
  const [scrollRequest, setScrollRequest] = useState(0)
  const active = hovered ?? pinned
  const ids = useMemo(() => new Set(active?.observationIds ?? []), [active])
  const preview = useCallback((f: StoredFinding) => setHovered(f), [])
  const endPreview = useCallback(() => setHovered(null), [])
  const toggle = useCallback(
    (f: StoredFinding) => {
      const unpin = pinned?.id === f.id
      setPinned(unpin ? null : f)
      if (!unpin) setScrollRequest((n) => n + 1)
    },
    [pinned],
  )
  return { ids, pinnedId: pinned?.id ?? null, scrollRequest, preview, endPreview, toggle }
}
