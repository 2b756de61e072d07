// Password hashing with scrypt (memory-hard), parameters stored beside each hash so they can be raised later.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { normalisePassword } from '../../shared/domain/passwordPolicy'

export interface KdfParams {
  /** CPU/memory cost, a power of two. */
  n: number
  /** Block size. */
  r: number
  /** Parallelisation. */
  p: number
}

export interface PasswordHash extends KdfParams {
  kdf: 'scrypt'
  salt: Buffer
  hash: Buffer
}

/**
 * N = 2^15, r = 8 uses 128·N·r = 32 MiB per hash and took 144–182 ms on the 2-core development machine (measured
 * 2026-12-05; bench/auth.bench.ts prints it): inside the 100–300 ms target, and 2^16 (381–501 ms) was over it.
 * A hash made with lower parameters than these is re-hashed at the next successful sign-in.
 */
export const DEFAULT_KDF: KdfParams = { n: 2 ** 15, r: 8, p: 1 }

const KEY_BYTES = 32
const SALT_BYTES = 16

function derive(password: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  // Node refuses more than 32 MiB by default; allow the parameters' own need plus headroom.
  const options: ScryptOptions = { N: params.n, r: params.r, p: params.p, maxmem: 256 * params.n * params.r + 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scrypt(normalisePassword(password), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

export async function hashPassword(password: string, params: KdfParams = DEFAULT_KDF): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES)
  return { kdf: 'scrypt', ...params, salt, hash: await derive(password, salt, params) }
}

/** Constant-time comparison of the derived key with the stored one. */
export async function verifyPasswordHash(password: string, stored: PasswordHash): Promise<boolean> {
  const key = await derive(password, stored.salt, stored)
  return key.length === stored.hash.length && timingSafeEqual(key, stored.hash)
}

/** Whether a stored hash was made with weaker parameters than the current ones. */
export function needsRehash(stored: KdfParams, current: KdfParams = DEFAULT_KDF): boolean {
  return stored.n < current.n || stored.r < current.r || stored.p < current.p
}

// Spends the same time as a real check when the username does not exist, so timing does not reveal which names do.
let dummy: Promise<PasswordHash> | null = null
export async function burnVerifyTime(password: string): Promise<void> {
  dummy ??= hashPassword('no such user: timing equaliser')
  await verifyPasswordHash(password, await dummy)
}
