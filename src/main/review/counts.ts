// Reports per review status (kept by triggers, migration 0010) and one user's reviews in progress: the navigation's counts.
import type { ReviewCounts } from '../../shared/contract/review'
import { REVIEW_STATUSES, type ReviewStatus } from '../../shared/domain/reviewLifecycle'
import type { Db } from '../store/db'
import { prepared } from '../store/prepared'

export const STATUS_COUNTS_SQL = 'SELECT status, n FROM review_status_counts'
export const MINE_IN_PROGRESS_SQL = `SELECT count(*) AS n FROM reports r
  WHERE r.review_status = 'in_review' AND EXISTS (SELECT 1 FROM reviews v WHERE v.report_id = r.id AND v.last_reviewer_id = @user)`

export function reviewCounts(db: Db, userId: number | null): ReviewCounts {
  const byStatus = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>
  for (const r of prepared(db, STATUS_COUNTS_SQL).all() as { status: ReviewStatus; n: number }[]) byStatus[r.status] = r.n
  const mineInProgress = userId === null ? 0 : (prepared(db, MINE_IN_PROGRESS_SQL).get({ user: userId }) as { n: number }).n
  return { byStatus, mineInProgress }
}
