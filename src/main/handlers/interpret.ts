// Handlers for interpret.* and queue.* methods: drafting and the batch queue are for technicians and clinicians.
import type { interpretContract } from '../../shared/contract/interpret'
import { actorOf } from '../audit/actor'
import { requireRole, requireUser } from '../auth/requireRole'
import { latestInterpretation } from '../llm/interpretations'
import { appendAudit } from '../store/audit'
import type { HandlersFor } from './types'

/** Report ids recorded per queue event: enough to trace a normal batch without one audit row holding 100,000 ids. */
const MAX_IDS = 1000

const DRAFTERS = ['technician', 'clinician'] as const

export const interpretHandlers: HandlersFor<keyof typeof interpretContract> = {
  'interpret.report': ({ reportId, jobId }, s, ctx) => {
    const user = requireRole(ctx, ...DRAFTERS)
    return s.llm.interpret(reportId, { jobId, actor: user.username, onText: (text) => s.events.emit('interpret.chunk', { jobId, reportId, text }) })
  },
  'interpret.cancel': ({ jobId }, s, ctx) => {
    requireRole(ctx, ...DRAFTERS)
    const cancelled = s.llm.cancel(jobId)
    if (cancelled) appendAudit(s.db, { actor: actorOf(ctx), action: 'interpretation.cancelled', details: { jobId } })
    return { cancelled }
  },
  'interpret.latest': ({ reportId }, s, ctx) => {
    requireUser(ctx)
    return latestInterpretation(s.db, reportId)
  },
  'queue.enqueue': (input, s, ctx) => {
    requireRole(ctx, ...DRAFTERS)
    const added = s.queue.enqueue(input)
    const ids = input.reportIds ?? []
    appendAudit(s.db, {
      actor: actorOf(ctx),
      action: 'queue.enqueued',
      details: { added, allNew: input.allNew ?? false, reportIds: ids.slice(0, MAX_IDS), ...(ids.length > MAX_IDS ? { reportIdsOmitted: ids.length - MAX_IDS } : {}) },
    })
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
    // Before starting: the first worker begins a draft (and records it) before start() returns.
    appendAudit(s.db, { actor: actorOf(ctx), action: 'queue.started', details: { queued: s.queue.status().queued } })
    return s.queue.start()
  },
  'queue.pause': (_input, s, ctx) => {
    requireRole(ctx, ...DRAFTERS)
    const status = s.queue.pause()
    appendAudit(s.db, { actor: actorOf(ctx), action: 'queue.paused', details: { queued: status.queued } })
    return status
  },
  'queue.cancel': (_input, s, ctx) => {
    requireRole(ctx, ...DRAFTERS)
    const before = s.queue.status().queued
    const status = s.queue.cancel()
    appendAudit(s.db, { actor: actorOf(ctx), action: 'queue.cancelled', details: { cancelled: before - status.queued } })
    return status
  },
}
