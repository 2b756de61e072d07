// Handlers for reports.* and quarantine.* methods.
import type { reportsContract } from '../../shared/contract/reports'
import { actorOf } from '../audit/actor'
import { AppError } from '../../shared/errors'
import { requireUser } from '../auth/requireRole'
import { decodeText } from '../ingest/decodeText'
import { appendAudit } from '../store/audit'
import { getQuarantine, listQuarantine } from '../store/quarantine'
import { getReport, listReports, trend } from '../store/reportRead'
import type { HandlersFor } from './types'

const RAW_TEXT_LIMIT = 1024 * 1024

export const reportsHandlers: HandlersFor<keyof typeof reportsContract> = {
  // Reading clinical data: any signed-in user.
  'reports.list': (input, s, ctx) => {
    const user = requireUser(ctx)
    return listReports(s.db, input, input.mine ? user.id : null)
  },
  'reports.get': ({ id }, s, ctx) => {
    requireUser(ctx)
    const report = getReport(s.db, id)
    if (!report) throw new AppError('NOT_FOUND', `No report with id ${id}`)
    const actor = actorOf(ctx)
    if (s.audit.takeView(actor, ctx.sessionId, id)) appendAudit(s.db, { actor, action: 'report.viewed', entityType: 'report', entityId: id })
    return report
  },
  'reports.trend': ({ patientId, codes }, s, ctx) => {
    requireUser(ctx)
    return trend(s.db, patientId, codes)
  },
  'quarantine.list': ({ limit, offset }, s, ctx) => {
    requireUser(ctx)
    return listQuarantine(s.db, limit, offset)
  },
  'quarantine.get': ({ id }, s, ctx) => {
    requireUser(ctx)
    const item = getQuarantine(s.db, id)
    if (!item) throw new AppError('NOT_FOUND', `No quarantined item with id ${id}`)
    const { bytes, ...rest } = item
    const isPdf = bytes.subarray(0, 5).toString('latin1') === '%PDF-'
    return {
      ...rest,
      text: isPdf ? null : decodeText(bytes.subarray(0, RAW_TEXT_LIMIT)).text,
      truncated: !isPdf && bytes.length > RAW_TEXT_LIMIT,
    }
  },
}
