// IPC channel names shared by the main process and the preload.
export const CALL_CHANNEL = 'readout:call'
export const EVENT_CHANNEL = 'readout:event'
