// The canary's alert thresholds as stored and sent: the window of reviews, the minimum to judge, and the margins over production.
import { z } from 'zod'

export const AlertThresholdsSchema = z.strictObject({
  /** Reviews of each version looked at, newest ones. */
  window: z.number().int().min(1).max(10_000).default(50),
  /** Below this many reviews of either version the alert waits rather than judge on noise. */
  minReviews: z.number().int().min(1).max(10_000).default(20),
  /** Pause when the canary's correction rate exceeds production's by more than this (0.10 = 10 points). */
  correctionRateMargin: z.number().min(0).max(1).default(0.1),
  /** Pause when the canary's share of drafts failing the evidence check exceeds production's by more than this. */
  evidenceFailureMargin: z.number().min(0).max(1).default(0.05),
})
export type AlertThresholds = z.infer<typeof AlertThresholdsSchema>
