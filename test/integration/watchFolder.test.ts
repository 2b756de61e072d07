// Watch folder: a finished file is imported and moved to processed/; an unreadable one to failed/.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWatchFolder, type WatchFolder } from '../../src/main/ingest/watchFolder'
import { oru } from '../helpers/hl7'
import { makeServices, makeTempDir, type TestServices } from '../helpers/services'

let t: TestServices
let dir: string
let watch: WatchFolder
beforeEach(() => {
  t = makeServices()
  dir = makeTempDir('readout-watch-')
  watch = startWatchFolder(t.services, { dir, intervalMs: 60_000 })
})
afterEach(() => {
  watch.stop()
  t.cleanup()
})

describe('watch folder', () => {
  it('imports a file once it is stable, then moves it to processed/ or failed/', async () => {
    writeFileSync(join(dir, 'result.hl7'), oru({ controlId: 'W1' }))
    writeFileSync(join(dir, 'junk.bin'), Buffer.from([0, 1, 2, 0, 255]))
    // First scan only notes size and time: a device may still be writing.
    expect(await watch.scan()).toBeNull()
    expect(existsSync(join(dir, 'result.hl7'))).toBe(true)
    const summary = await watch.scan()
    expect(summary).toMatchObject({ imported: 1, quarantined: 1 })
    expect(readdirSync(join(dir, 'processed'))).toEqual(['result.hl7'])
    expect(readdirSync(join(dir, 'failed'))).toEqual(['junk.bin'])
    expect(readdirSync(dir).sort()).toEqual(['failed', 'processed'])
    expect((t.services.db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n).toBe(1)
  })

  it('keeps a file that is still growing until it stops changing', async () => {
    const path = join(dir, 'slow.hl7')
    writeFileSync(path, oru({ controlId: 'S1' }).slice(0, 40))
    expect(await watch.scan()).toBeNull()
    writeFileSync(path, oru({ controlId: 'S1' }))
    expect(await watch.scan()).toBeNull()
    expect(await watch.scan()).toMatchObject({ imported: 1 })
  })
})
