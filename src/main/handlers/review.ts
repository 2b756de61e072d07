// Handlers for review.* methods (contract first; the implementation follows in the next commits).
import type { reviewContract } from '../../shared/contract/review'
import { AppError } from '../../shared/errors'
import type { HandlersFor } from './types'

const pending = (): never => {
  throw new AppError('UNSUPPORTED', 'Review and sign-off are not implemented yet.')
}

export const reviewHandlers: HandlersFor<keyof typeof reviewContract> = {
  'review.get': pending,
  'review.save': pending,
  'review.apply': pending,
  'review.return': pending,
  'review.sign': pending,
  'review.amend': pending,
  'review.confirmSigned': pending,
  'review.counts': pending,
}
