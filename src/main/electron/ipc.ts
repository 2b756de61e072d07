// Electron IPC transport: one channel for calls, one for events; every message's sender is checked. Each window
// (web contents) has its own sign-in session, so a reloaded or second window signs in on its own.
import { randomBytes } from 'node:crypto'
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { EventBus } from '../eventBus'
import type { Dispatch } from '../transport/dispatch'
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../shared/contract/ipcChannels'
import { isAppUrl } from './policy'

export interface IpcOptions {
  /** Whether a session may receive events (draft text streams through them): only a signed-in, unlocked one. */
  sessionReceivesEvents: (sessionId: string) => boolean
}

export function serveIpc(getWindow: () => BrowserWindow | null, dispatch: Dispatch, events: EventBus, opts: IpcOptions): () => void {
  const sessions = new WeakMap<WebContents, string>()
  const sessionOf = (contents: WebContents): string => {
    let id = sessions.get(contents)
    if (!id) sessions.set(contents, (id = randomBytes(32).toString('base64url')))
    return id
  }
  const trusted = (e: IpcMainInvokeEvent): boolean => {
    const win = getWindow()
    return win !== null && e.sender === win.webContents && e.senderFrame !== null && isAppUrl(e.senderFrame.url)
  }
  ipcMain.handle(CALL_CHANNEL, async (e, method: unknown, input: unknown) => {
    if (!trusted(e)) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame' } }
    if (typeof method !== 'string') return { ok: false, error: { code: 'INVALID_INPUT', message: 'method must be a string' } }
    return dispatch(method, input, { actor: 'local-user', transport: 'ipc', sessionId: sessionOf(e.sender) })
  })
  const unsubscribe = events.onAny((event, payload) => {
    const win = getWindow()
    if (win && !win.isDestroyed() && opts.sessionReceivesEvents(sessionOf(win.webContents))) win.webContents.send(EVENT_CHANNEL, event, payload)
  })
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL)
    unsubscribe()
  }
}
