// The one contract: every method any transport serves, and the types derived from it.
import type { z } from 'zod'
import { appContract } from './app'
import { mergeTables } from './define'
import { importContract } from './import'
import { reportsContract } from './reports'
import { rulesContract } from './rules'
import { modelsContract } from './models'
import { interpretContract } from './interpret'
import { auditContract } from './audit'
import { authContract } from './auth'
import { settingsContract } from './settings'
import { patientsContract } from './patients'
import { reviewContract } from './review'
import { exportContract } from './export'
import { remoteContract } from './remote'
import { rolloutContract } from './rollout'
import { evalContract } from './eval'

export const contract = mergeTables(appContract, settingsContract, auditContract, importContract, reportsContract, patientsContract, rulesContract, modelsContract, interpretContract, authContract, reviewContract, exportContract, remoteContract, rolloutContract, evalContract)

export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

export { events, type EventName, type EventPayload } from './events'
export type { Result } from './envelope'
