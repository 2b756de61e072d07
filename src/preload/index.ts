// Preload (sandboxed, CommonJS): exposes only window.api.call and window.api.subscribe.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CALL_CHANNEL, EVENT_CHANNEL } from '../shared/contract/ipcChannels'


const api = {
  call: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(CALL_CHANNEL, method, input),
  subscribe: (event: string, fn: (payload: unknown) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) fn(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
