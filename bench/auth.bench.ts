// Benchmark: the password KDF (scrypt with the app's parameters) per hash and per verification, and a session
// lookup as every call makes it. Prints figures; the target for one hash is 100–300 ms on the machine that runs the app.
// Run: npx vite-node bench/auth.bench.ts -- [rounds]   (default 10)
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_KDF, hashPassword, verifyPasswordHash } from '../src/main/auth/kdf'
import { silentLogger } from '../src/main/log'
import { createServices } from '../src/main/services'
import { userAdmin } from '../src/main/auth/userAdmin'

const ROUNDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10)

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  return `median ${median.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms`
}

async function main() {
  const password = 'bench passphrase for readout'
  const hashMs: number[] = []
  const verifyMs: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now()
    const h = await hashPassword(password)
    hashMs.push(performance.now() - t)
    t = performance.now()
    if (!(await verifyPasswordHash(password, h))) throw new Error('verification failed')
    verifyMs.push(performance.now() - t)
  }
  const mib = (128 * DEFAULT_KDF.n * DEFAULT_KDF.r) / 1024 ** 2
  console.log(`scrypt N=2^${Math.log2(DEFAULT_KDF.n)} r=${DEFAULT_KDF.r} p=${DEFAULT_KDF.p} (${mib} MiB), ${ROUNDS} rounds`)
  console.log(`  hash:   ${stats(hashMs)}`)
  console.log(`  verify: ${stats(verifyMs)}`)

  const dataDir = join(tmpdir(), `readout-auth-bench-${process.pid}`)
  const services = createServices({ dataDir, version: 'bench', runtime: 'node', logger: silentLogger })
  try {
    await userAdmin(services.db, services.auth).create({ username: 'perf', displayName: 'Perf', roles: ['clinician'], password, mustChangePassword: false }, 'bench')
    await services.auth.signIn('perf', password, { actor: 'bench', transport: 'test', sessionId: 's' })
    const n = 100_000
    const t = performance.now()
    for (let i = 0; i < n; i++) services.auth.resolve('s', true)
    console.log(`  session lookup per call: ${(((performance.now() - t) / n) * 1000).toFixed(1)} µs`)
  } finally {
    services.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

void main()
