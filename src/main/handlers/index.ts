// The one handler table: every contract method, implemented once, served by every transport.
import { mergeTables } from '../../shared/contract/define'
import { appHandlers } from './app'
import { auditHandlers } from './audit'
import { authHandlers } from './auth'
import { importHandlers } from './import'
import { reportsHandlers } from './reports'
import { rulesHandlers } from './rules'
import { modelsHandlers } from './models'
import { interpretHandlers } from './interpret'
import { settingsHandlers } from './settings'
import { patientsHandlers } from './patients'
import { reviewHandlers } from './review'
import { exportHandlers } from './export'
import { remoteHandlers } from './remote'
import { rolloutHandlers } from './rollout'
import { evalHandlers } from './eval'
import type { HandlerTable } from './types'

// The annotation makes the compiler prove every contract method has a handler.
export const handlers: HandlerTable = mergeTables(appHandlers, settingsHandlers, auditHandlers, importHandlers, reportsHandlers, patientsHandlers, rulesHandlers, modelsHandlers, interpretHandlers, authHandlers, reviewHandlers, exportHandlers, remoteHandlers, rolloutHandlers, evalHandlers)
