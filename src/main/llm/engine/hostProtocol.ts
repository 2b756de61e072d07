// Messages between the app and the model-engine process (host.ts). Both ends are this codebase, built together.
import type { ErrorCode } from '../../../shared/errors'
import type { BackendStatus, EngineConfig, GenerateRequest, GenerateResult } from './backend'

export type HostGenerateRequest = Omit<GenerateRequest, 'signal' | 'onText'> & { stream: boolean }

export type HostRequest =
  | { id: number; op: 'configure'; config: EngineConfig }
  | { id: number; op: 'generate'; req: HostGenerateRequest }
  | { id: number; op: 'status' }
  | { id: number; op: 'dispose' }
  /** Cancels the running request `target`; it then fails with CANCELLED. */
  | { id: number; op: 'abort'; target: number }

export type HostReply =
  | { id: number; type: 'result'; value: void | GenerateResult | BackendStatus }
  | { id: number; type: 'error'; code: ErrorCode; message: string }
  | { id: number; type: 'progress'; value: number }
  | { id: number; type: 'text'; chunk: string }

/** One end of the channel, whichever process API carries it (Node fork or Electron utility process). */
export interface HostChannel {
  send(message: HostRequest): void
  onMessage(listener: (message: HostReply) => void): void
  onExit(listener: (code: number | null) => void): void
  /** Keeps the app process alive while requests are pending; an idle engine must not hold a CLI command open. */
  hold(busy: boolean): void
  kill(): void
  /** The engine's process id once started (for diagnostics and tests). */
  pid(): number | undefined
}

/** Starts the engine process from its built entry with extra environment variables. */
export type HostSpawner = (hostPath: string, env: Record<string, string>) => HostChannel
