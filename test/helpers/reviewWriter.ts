// A child process for the crash test: saves review working copies on a data folder, one after another, and prints each
// row version once its save returned (acknowledged). The test kills it with SIGKILL at some point.
// Run: vite-node test/helpers/reviewWriter.ts -- DATA_DIR REPORT_ID USER_ID
import { handlers } from '../../src/main/handlers'
import { silentLogger } from '../../src/main/log'
import { createServices } from '../../src/main/services'
import { getUser } from '../../src/main/store/users'
import { createDispatch } from '../../src/main/transport/dispatch'
import type { ReviewState } from '../../src/shared/contract/review'

const [dataDir, reportArg, userArg] = process.argv.slice(2).filter((a) => a !== '--')
const services = createServices({ dataDir: dataDir!, version: 'test', runtime: 'node', logger: silentLogger })
const dispatch = createDispatch(handlers, services)
const record = getUser(services.db, Number(userArg))!
const ctx = { actor: record.username, transport: 'test' as const, user: { id: record.id, username: record.username, displayName: record.displayName, roles: record.roles } }

async function main() {
  let base = 0
  for (let i = 0; ; i++) {
    const r = await dispatch('review.save', { reportId: Number(reportArg), document: { baseVersion: base, findings: [{ draftIndex: 0, action: 'reject', reason: 'other', comment: `save ${i}` }] } }, ctx)
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    base = (r.value as ReviewState).rowVersion
    process.stdout.write(`saved ${base}\n`)
  }
}
void main()
