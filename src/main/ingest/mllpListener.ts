// MLLP listener (HL7 v2 over TCP): frames → parse → commit → ACK. AA only after the message is committed.
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describeLocation } from '../../shared/domain/report'
import type { Services } from '../services'
import { appendAudit } from '../store/audit'
import { withDurableCommit } from '../store/db'
import { quarantineInput } from '../store/quarantine'
import { storeParsedReport } from '../store/reportWrite'
import { enrichPdfUnits } from './pdf'
import { afterStoreHook, startAutoQueue } from './pipeline'
import { buildAck, hl7Parser } from './hl7'
import { encodeFrame, MllpFramer } from './mllp/framer'

export interface MllpOptions {
  port: number
  /** Defaults to loopback: accepting HL7 from the network is an explicit choice. */
  host?: string
  maxFrameBytes?: number
}

export interface MllpListener {
  server: Server
  host: string
  port: number
  close(): Promise<void>
}

type AckCode = 'AA' | 'AE' | 'AR'

/** Handles one framed message; everything it writes is committed before it returns the ACK code. */
export async function handleMllpMessage(services: Services, bytes: Uint8Array, peer: string): Promise<{ code: AckCode; reason?: string; reportId?: number }> {
  const origin = `mllp://${peer}`
  const now = new Date().toISOString()
  const quarantine = (error: string, location: string | null = null) =>
    withDurableCommit(services.db, () => quarantineInput(services.db, { bytes, origin, error, location }, now))
  if (!hl7Parser.sniff(new TextDecoder('latin1').decode(bytes.subarray(0, 1024)), bytes)) {
    quarantine('Not an HL7 v2 message (no MSH segment)', 'line 1, segment MSH')
    return { code: 'AR', reason: 'Not an HL7 v2 message' }
  }
  const units = await enrichPdfUnits(hl7Parser.parse(bytes))
  const unit = units[0]
  if (!unit || units.length !== 1) {
    quarantine(`Expected one message per MLLP frame, found ${units.length}`)
    return { code: 'AR', reason: 'One message per frame expected' }
  }
  if (!unit.ok) {
    quarantine(unit.error.message, describeLocation(unit.error.location))
    return { code: 'AE', reason: unit.error.describe() }
  }
  try {
    const stored = withDurableCommit(services.db, () =>
      storeParsedReport(services.db, { report: unit.report, raw: bytes, origin, actor: `mllp:${peer}`, now, afterStore: afterStoreHook(services) }),
    )
    startAutoQueue(services)
    return { code: 'AA', reportId: stored.reportId }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    services.log.error('MLLP message could not be stored', err)
    quarantine(`Could not be stored: ${message}`)
    return { code: 'AE', reason: 'Message could not be stored' }
  }
}

export async function startMllpListener(services: Services, opts: MllpOptions): Promise<MllpListener> {
  const host = opts.host ?? '127.0.0.1'
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`
    const framer = new MllpFramer({ maxFrameBytes: opts.maxFrameBytes })
    // Messages on one connection are handled strictly in order, one at a time.
    let chain = Promise.resolve()
    socket.on('data', (chunk: Buffer) => {
      for (const item of framer.push(chunk)) {
        chain = chain.then(async () => {
          if (!item.ok) {
            services.log.info('MLLP framing error', { peer, error: item.error })
            if (!socket.destroyed) socket.write(encodeFrame(buildAck('', 'AR', item.error)))
            return
          }
          const text = new TextDecoder('latin1').decode(item.message)
          const result = await handleMllpMessage(services, item.message, peer)
          if (!socket.destroyed) socket.write(encodeFrame(buildAck(text, result.code, result.reason)))
        })
      }
    })
    socket.on('error', () => socket.destroy())
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  appendAudit(services.db, { actor: 'system', action: 'mllp.started', details: { host, port } })
  return {
    server,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
