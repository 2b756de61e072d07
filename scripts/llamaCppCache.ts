// Where the llama.cpp tools built by scripts/build-llama-cpp.sh are: one lookup for the benchmarks and the tests.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The llama.cpp commit node-llama-cpp ships (the cache is keyed by it), or null without node-llama-cpp. */
export function bundledLlamaCppCommit(): string | null {
  const bundle = join(REPO_ROOT, 'node_modules', 'node-llama-cpp', 'llama', 'gitRelease.bundle')
  if (!existsSync(bundle)) return null
  try {
    const heads = execFileSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' }).trim().split('\n')
    const head = heads.find((l) => l.endsWith(' HEAD')) ?? heads[0]
    return head?.split(' ')[0] ?? null
  } catch {
    return null
  }
}

/**
 * The cache folder, as the build script chooses it: $READOUT_LLAMA_CPP_DIR, else <repo>/.cache/llama.cpp when it holds
 * a build (the script links it to the shared cache), else ~/.cache/readout/llama.cpp/<commit>.
 */
export function llamaCppDir(): string {
  if (process.env.READOUT_LLAMA_CPP_DIR) return process.env.READOUT_LLAMA_CPP_DIR
  const inRepo = join(REPO_ROOT, '.cache', 'llama.cpp')
  if (existsSync(join(inRepo, 'build', 'bin'))) return inRepo
  const cacheHome = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache')
  return join(cacheHome, 'readout', 'llama.cpp', bundledLlamaCppCommit() ?? 'unknown')
}

/** A tool's path (it may not exist: callers say so and skip). */
export function llamaCppBin(name: 'llama-server' | 'llama-bench' | 'llama-batched-bench' | 'llama-quantize'): string {
  return join(llamaCppDir(), 'build', 'bin', name)
}
