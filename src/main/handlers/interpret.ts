// Handlers for interpret.* and queue.* methods.
import type { interpretContract } from '../../shared/contract/interpret'
import { latestInterpretation } from '../llm/interpretations'
import type { HandlersFor } from './types'

export const interpretHandlers: HandlersFor<keyof typeof interpretContract> = {
  'interpret.report': ({ reportId, jobId }, s) =>
    s.llm.interpret(reportId, { jobId, onText: (text) => s.events.emit('interpret.chunk', { jobId, reportId, text }) }),
  'interpret.cancel': ({ jobId }, s) => ({ cancelled: s.llm.cancel(jobId) }),
  'interpret.latest': ({ reportId }, s) => latestInterpretation(s.db, reportId),
  'queue.enqueue': (input, s) => ({ added: s.queue.enqueue(input) }),
  'queue.status': (_input, s) => s.queue.status(),
  'queue.failures': (input, s) => s.queue.failures(input.limit ?? 100, input.reportId),
  'queue.start': (_input, s) => s.queue.start(),
  'queue.pause': (_input, s) => s.queue.pause(),
  'queue.cancel': (_input, s) => s.queue.cancel(),
}
