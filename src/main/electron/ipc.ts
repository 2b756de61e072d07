// Electron IPC transport: one channel for calls, one for events; every message's sender is checked.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { EventBus } from '../eventBus'
import type { Dispatch } from '../transport/dispatch'
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../shared/contract/ipcChannels'
import { isAppUrl } from './policy'


export function serveIpc(getWindow: () => BrowserWindow | null, dispatch: Dispatch, events: EventBus): () => void {
  const trusted = (e: IpcMainInvokeEvent): boolean => {
    const win = getWindow()
    return win !== null && e.sender === win.webContents && e.senderFrame !== null && isAppUrl(e.senderFrame.url)
  }
  ipcMain.handle(CALL_CHANNEL, async (e, method: unknown, input: unknown) => {
    if (!trusted(e)) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame' } }
    if (typeof method !== 'string') return { ok: false, error: { code: 'INVALID_INPUT', message: 'method must be a string' } }
    return dispatch(method, input, { actor: 'local-user', transport: 'ipc' })
  })
  const unsubscribe = events.onAny((event, payload) => {
    const win = getWindow()
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, payload)
  })
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL)
    unsubscribe()
  }
}
