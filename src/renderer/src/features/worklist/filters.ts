// Worklist filters and order: their shape, whether any filter is set, and the `reports.list` input they make.
import type { MethodInput } from '../../../../shared/contract'
import type { DraftFilter } from '../../../../shared/contract/reports'
import type { ReportKind, ReportStatus } from '../../../../shared/domain/report'
import type { ReviewStatus } from '../../../../shared/domain/reviewLifecycle'

/** 'triage': critical findings first, then newest; 'time': newest first. */
export type WorklistSort = 'triage' | 'time'

export interface WorklistFilters {
  kinds: ReportKind[]
  statuses: ReportStatus[]
  /** Draft-column states: no draft, queued, drafting, not drafted, or a draft's standing. */
  drafts: DraftFilter[]
  /** Review statuses (new, drafted, in review, returned, signed, amended, device corrected after sign-off). */
  reviewStatuses: ReviewStatus[]
  /** Only reports this user (id) last worked on; null: anyone's. */
  reviewerId: number | null
  /** Only the caller's reviews in progress. */
  mine: boolean
  /** YYYY-MM-DD or ''. */
  from: string
  to: string
  search: string
  sort: WorklistSort
}

export const NO_FILTERS: WorklistFilters = { kinds: [], statuses: [], drafts: [], reviewStatuses: [], reviewerId: null, mine: false, from: '', to: '', search: '', sort: 'triage' }

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Whether anything narrows the list; the order does not. */
export function hasFilters(f: WorklistFilters): boolean {
  return (
    f.kinds.length > 0 ||
    f.statuses.length > 0 ||
    f.drafts.length > 0 ||
    f.reviewStatuses.length > 0 ||
    f.reviewerId !== null ||
    f.mine ||
    DATE.test(f.from) || DATE.test(f.to) ||
    f.search.trim() !== ''
  )
}

/** No filters, keeping the chosen order: clearing a search should not also undo "Newest first". */
export function clearFilters(f: WorklistFilters): WorklistFilters {
  return { ...NO_FILTERS, sort: f.sort }
}

export type ListQuery = Omit<MethodInput<'reports.list'>, 'offset' | 'limit'>

/** The query for these filters. Dates go as bare YYYY-MM-DD: the server reads an end date as including its whole day. */
export function toListQuery(f: WorklistFilters): ListQuery {
  const q: ListQuery = { sort: f.sort }
  if (f.kinds.length > 0) q.kinds = f.kinds
  if (f.statuses.length > 0) q.statuses = f.statuses
  if (f.drafts.length > 0) q.drafts = f.drafts
  if (f.reviewStatuses.length > 0) q.reviewStatuses = f.reviewStatuses
  if (f.reviewerId !== null) q.reviewerId = f.reviewerId
  if (f.mine) q.mine = true
  if (DATE.test(f.from)) q.from = f.from
  if (DATE.test(f.to)) q.to = f.to
  const search = f.search.trim()
  if (search !== '') q.search = search.slice(0, 200)
  return q
}
