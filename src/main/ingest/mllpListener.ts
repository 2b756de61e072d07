// MLLP listener (HL7 v2 over TCP): frames → parse → commit → ACK. AA only after the message is committed.
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describeLocation } from '../../shared/domain/report'
import type { Services } from '../services'
import { appendAudit } from '../store/audit'
import { withNormalCommit } from '../store/db'
import { groupSyncFor, type GroupSync } from '../store/groupSync'
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
  /** How commits are made durable before an ACK; defaults to the database's shared group sync. */
  durability?: GroupSync
}

export interface MllpListener {
  server: Server
  host: string
  port: number
  close(): Promise<void>
}

type AckCode = 'AA' | 'AE' | 'AR'

/**
 * Handles one framed message; everything it writes is committed and on disk before it returns the ACK code. Writes
 * commit with synchronous=NORMAL and then wait for a durable sync that concurrent messages share (group commit).
 * When that sync fails the answer is AE, whatever was stored: the sender resends, and a resent message that was
 * stored after all is answered AA as a duplicate once a sync succeeds.
 */
export async function handleMllpMessage(
  services: Services,
  bytes: Uint8Array,
  peer: string,
  durability: GroupSync = groupSyncFor(services.db),
): Promise<{ code: AckCode; reason?: string; reportId?: number }> {
  const origin = `mllp://${peer}`
  const now = new Date().toISOString()
  const durable = async (): Promise<boolean> => {
    try {
      await durability.durable()
      return true
    } catch (err) {
      services.log.error('MLLP: the commit could not be synced to disk', err)
      return false
    }
  }
  const notDurable = { code: 'AE' as const, reason: 'Message could not be committed' }
  const quarantine = async (code: AckCode, reason: string, error: string, location: string | null = null) => {
    try {
      withNormalCommit(services.db, () => quarantineInput(services.db, { bytes, origin, error, location }, now))
    } catch (err) {
      services.log.error('MLLP message could not be quarantined', err)
      return notDurable
    }
    return (await durable()) ? { code, reason } : notDurable
  }
  if (!hl7Parser.sniff(new TextDecoder('latin1').decode(bytes.subarray(0, 1024)), bytes)) {
    return quarantine('AR', 'Not an HL7 v2 message', 'Not an HL7 v2 message (no MSH segment)', 'line 1, segment MSH')
  }
  const units = await enrichPdfUnits(hl7Parser.parse(bytes))
  const unit = units[0]
  if (!unit || units.length !== 1) {
    return quarantine('AR', 'One message per frame expected', `Expected one message per MLLP frame, found ${units.length}`)
  }
  if (!unit.ok) {
    return quarantine('AE', unit.error.describe(), unit.error.message, describeLocation(unit.error.location))
  }
  let stored: ReturnType<typeof storeParsedReport>
  try {
    stored = withNormalCommit(services.db, () =>
      storeParsedReport(services.db, { report: unit.report, raw: bytes, origin, actor: `mllp:${peer}`, now, afterStore: afterStoreHook(services) }),
    )
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    services.log.error('MLLP message could not be stored', err)
    return quarantine('AE', 'Message could not be stored', `Could not be stored: ${message}`)
  }
  if (!(await durable())) return notDurable
  startAutoQueue(services)
  return { code: 'AA', reportId: stored.reportId }
}

export async function startMllpListener(services: Services, opts: MllpOptions): Promise<MllpListener> {
  const host = opts.host ?? '127.0.0.1'
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`
    const framer = new MllpFramer({ maxFrameBytes: opts.maxFrameBytes })
    const durability = opts.durability ?? groupSyncFor(services.db)
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
          let result: Awaited<ReturnType<typeof handleMllpMessage>>
          try {
            result = await handleMllpMessage(services, item.message, peer, durability)
          } catch (err) {
            // Never leave a sender waiting, and keep later messages on this connection flowing.
            services.log.error('MLLP message handling failed', err)
            result = { code: 'AE', reason: 'Message could not be processed' }
          }
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
