// The file secret store: mode 0600 in a 0700 folder, survives reopening, removes cleanly.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { apiKeyName, EncryptedFileSecretStore, FileSecretStore, keyHint, type OsCipher } from './secrets'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('FileSecretStore', () => {
  it('keeps keys in a file only this user can read', () => {
    dir = mkdtempSync(join(tmpdir(), 'readout-secrets-'))
    const store = new FileSecretStore(dir)
    store.set(apiKeyName(1), 'sk-one-1234567890')
    store.set(apiKeyName(2), 'sk-two-abcdefghij')
    const file = join(dir, 'secrets', 'remote-backends.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700)
    expect(new FileSecretStore(dir).get(apiKeyName(1))).toBe('sk-one-1234567890')
    store.delete(apiKeyName(1))
    expect(store.get(apiKeyName(1))).toBeNull()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ [apiKeyName(2)]: 'sk-two-abcdefghij' })
    store.delete(apiKeyName(2))
    expect(() => statSync(file)).toThrow(/ENOENT/)
  })

  it.each([
    ['sk-one-1234567890', '…7890'],
    ['short', '…'],
  ])('hint of %s is %s', (key, hint) => expect(keyHint(key)).toBe(hint))
})

describe('EncryptedFileSecretStore', () => {
  // A stand-in for the OS cipher: reversible and visibly not the plain text, so the test can see what reaches the file.
  const cipher = (available: boolean): OsCipher => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  })

  it('writes only what the OS cipher returns and reads it back', () => {
    dir = mkdtempSync(join(tmpdir(), 'readout-secrets-'))
    const store = new EncryptedFileSecretStore(dir, cipher(true))
    store.set('k', 'sk-secret-value')
    expect(readFileSync(join(dir, 'secrets', 'remote-backends.json'), 'utf8')).not.toContain('sk-secret-value')
    expect(store.get('k')).toBe('sk-secret-value')
  })

  it('refuses to store a key when the OS has no secure storage', () => {
    dir = mkdtempSync(join(tmpdir(), 'readout-secrets-'))
    expect(() => new EncryptedFileSecretStore(dir, cipher(false)).set('k', 'v')).toThrow(/secure storage is not available/)
  })
})
