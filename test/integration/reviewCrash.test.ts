// An unfinished review survives kill -9: a child process saves working copies one after another and is killed with
// SIGKILL; the data folder reopens intact with the last acknowledged working copy (committed before acknowledged).
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewState } from '../../src/shared/contract/review'
import { oru } from '../helpers/hl7'
import { addReviewPeople, storeDraft } from '../helpers/review'
import { REPO_ROOT } from '../helpers/serve'
import { handlers } from '../../src/main/handlers'
import { silentLogger } from '../../src/main/log'
import { createServices } from '../../src/main/services'
import { createDispatch } from '../../src/main/transport/dispatch'
import { callOk, makeServices } from '../helpers/services'

let dataDir: string
let reportId: number
let userId: number

beforeAll(async () => {
  const setup = makeServices()
  const people = await addReviewPeople(setup)
  await callOk(setup, 'import.files', { files: [{ name: 'k.hl7', contentBase64: Buffer.from(oru({ controlId: 'K1' })).toString('base64') }] })
  reportId = 1
  userId = people.tech.user.id
  storeDraft(setup.services, reportId, { summary: 'Normal panel.', findings: [{ statement: 'Unremarkable.', severity: 'normal', evidence: [], recommendation: null }], overall_severity: 'normal', comparison_with_prior: null, limitations: '' })
  // The writer opens this folder on its own; this process lets go of it first.
  setup.services.close()
  dataDir = setup.dataDir
}, 60_000)
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('an unfinished review after kill -9', () => {
  it('reopens with the last acknowledged working copy and an intact database', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/vite-node/dist/cli.mjs'), 'test/helpers/reviewWriter.ts', '--', dataDir, String(reportId), String(userId)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let acked = 0
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the writer acknowledged no saves: ${stderr}`)), 60_000)
      child.stdout.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/saved (\d+)/g)) acked = Math.max(acked, Number(m[1]))
        // Killed while it is saving the next copy, well into the run.
        if (acked >= 25) {
          clearTimeout(timer)
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    expect(await exited).toBe('SIGKILL')

    const raw = new Database(join(dataDir, 'readout.db'))
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
    raw.close()
    // Reopen the crashed folder with the app's own services.
    const services = createServices({ dataDir, version: 'test', runtime: 'node', logger: silentLogger })
    try {
      const user = services.db.prepare('SELECT id, username, display_name FROM users WHERE id = ?').get(userId) as { id: number; username: string; display_name: string }
      const r = await createDispatch(handlers, services)('review.get', { reportId }, { actor: user.username, transport: 'test', user: { id: user.id, username: user.username, displayName: user.display_name, roles: ['technician'] } })
      expect(r.ok).toBe(true)
      const s = (r as { value: ReviewState }).value
      // Every acknowledged save is there; the one in flight at the kill may be too.
      expect(s.rowVersion).toBeGreaterThanOrEqual(acked)
      expect(s.rowVersion).toBeLessThanOrEqual(acked + 1)
      expect(s.status).toBe('in_review')
      expect(s.document!.findings).toEqual([{ draftIndex: 0, action: 'reject', reason: 'other', comment: `save ${s.rowVersion - 1}` }])
      expect(s.working!.corrections).toEqual([expect.objectContaining({ action: 'reject', comment: `save ${s.rowVersion - 1}` })])
      const audited = services.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'review.save'").pluck().get()
      expect(audited).toBe(s.rowVersion)
    } finally {
      services.close()
    }
  }, 120_000)
})
