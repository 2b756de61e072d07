// Handlers for reports.* and quarantine.* methods.
import type { reportsContract } from '../../shared/contract/reports'
import { AppError } from '../../shared/errors'
import { requireUser } from '../auth/requireRole'
import { decodeText } from '../ingest/decodeText'
import { getQuarantine, listQuarantine } from '../store/quarantine'
import { getReport, listReports, trend } from '../store/reportRead'
import type { HandlersFor } from './types'

const RAW_TEXT_LIMIT = 1024 * 1024

export const reportsHandlers: HandlersFor<keyof typeof reportsContract> = {
  'reports.list': (input, s, ctx) => listReports(s.db, input, input.mine ? requireUser(ctx).id : null),
  'reports.get': ({ id }, s) => {
    const report = getReport(s.db, id)
    if (!report) throw new AppError('NOT_FOUND', `No report with id ${id}`)
    return report
  },
  'reports.trend': ({ patientId, codes }, s) => trend(s.db, patientId, codes),
  'quarantine.list': ({ limit, offset }, s) => listQuarantine(s.db, limit, offset),
  'quarantine.get': ({ id }, s) => {
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
