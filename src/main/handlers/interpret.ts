// Handlers for interpret.* and queue.* methods: drafting and the batch queue are for technicians and clinicians.
import type { interpretContract } from '../../shared/contract/interpret'
import { requireRole, requireUser } from '../auth/requireRole'
import { appendAudit } from '../store/audit'
import { latestInterpretation } from '../llm/interpretations'
import type { HandlersFor } from './types'

const DRAFTERS = ['technician', 'clinician'] as const

export const interpretHandlers: HandlersFor<keyof typeof interpretContract> = {
  'interpret.report': ({ reportId, jobId }, s, ctx) => {
    const user = requireRole(ctx, ...DRAFTERS)
    return s.llm.interpret(reportId, { jobId, requestedBy: user.username, onText: (text) => s.events.emit('interpret.chunk', { jobId, reportId, text }) })
  },
  'interpret.cancel': ({ jobId }, s, ctx) => {
    requireRole(ctx, ...DRAFTERS)
    return { cancelled: s.llm.cancel(jobId) }
  },
  'interpret.latest': ({ reportId }, s, ctx) => {
    requireUser(ctx)
    return latestInterpretation(s.db, reportId)
  },
  'queue.enqueue': (input, s, ctx) => {
    const user = requireRole(ctx, ...DRAFTERS)
    const added = s.queue.enqueue(input)
    appendAudit(s.db, { actor: user.username, action: 'queue.enqueued', details: { added, allNew: input.allNew === true, reports: input.reportIds?.length ?? null } })
    return { added }
  },
  'queue.status': (_input, s, ctx) => {
    requireUser(ctx)
    return s.queue.status()
  },
  'queue.failures': (input, s, ctx) => {
    requireUser(ctx)
    return s.queue.failures(input.limit ?? 100, input.reportId)
  },
  'queue.start': (_input, s, ctx) => {
    requireRole(ctx, ...DRAFTERS)
    return s.queue.start()
  },
  'queue.pause': (_input, s, ctx) => {
    requireRole(ctx, ...DRAFTERS)
    return s.queue.pause()
  },
  'queue.cancel': (_input, s, ctx) => {
    const user = requireRole(ctx, ...DRAFTERS)
    const status = s.queue.cancel()
    appendAudit(s.db, { actor: user.username, action: 'queue.cancelled' })
    return status
  },
}
