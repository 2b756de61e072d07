// Entry of the import path's parse worker (a worker thread): parses inputs while the main thread stores the previous
// one. Built as out/main/parseWorker.js; see parseThread.ts.
import { parentPort } from 'node:worker_threads'
import { parseUnits, toWire } from './parseUnits'

parentPort?.on('message', (m: { id: number; bytes: Uint8Array }) => {
  parentPort!.postMessage({ id: m.id, units: toWire(parseUnits(m.bytes)) })
})
