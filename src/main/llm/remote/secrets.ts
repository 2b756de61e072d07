// Where remote backends' API keys are kept: never in the database, logs, exports or the audit log.
// The app uses the OS secure storage (Electron safeStorage, wired in src/main/index.ts via electron/safeStorageSecrets.ts);
// `readout serve` and the CLI use a file in the data folder that only this user can read (mode 0600).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'

export interface SecretStore {
  /** Where the keys are, in words, for the Models page. */
  readonly description: string
  get(name: string): string | null
  set(name: string, value: string): void
  delete(name: string): void
}

/** The secret's name for a remote backend's API key. */
export const apiKeyName = (backendId: number) => `remote-backend-${backendId}-api-key`

/** The last four characters, shown so an administrator can tell which key is stored. */
export const keyHint = (key: string) => (key.length > 8 ? `…${key.slice(-4)}` : '…')

/**
 * One JSON file of name → value, created with mode 0600 in a folder of mode 0700, rewritten atomically (a temporary
 * file renamed over it), so a crash never leaves a half-written key and no other user of the machine can read it.
 */
export class FileSecretStore implements SecretStore {
  readonly description: string
  private readonly file: string

  constructor(dataDir: string) {
    const dir = join(dataDir, 'secrets')
    this.file = join(dir, 'remote-backends.json')
    this.description = `a file only this user can read (${this.file})`
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {}
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>
  }

  private write(all: Record<string, string>): void {
    const dir = join(this.file, '..')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    chmodSync(dir, 0o700)
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
    chmodSync(tmp, 0o600)
    renameSync(tmp, this.file)
  }

  get(name: string): string | null {
    return this.read()[name] ?? null
  }

  set(name: string, value: string): void {
    this.write({ ...this.read(), [name]: value })
  }

  delete(name: string): void {
    const all = this.read()
    if (!(name in all)) return
    delete all[name]
    if (Object.keys(all).length === 0) rmSync(this.file, { force: true })
    else this.write(all)
  }
}

/** The part of Electron's `safeStorage` the app needs (kept as an interface so nothing here imports Electron). */
export interface OsCipher {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

/**
 * The app's store: each key encrypted by the OS secure storage (Keychain, DPAPI, the Secret Service on Linux, through
 * Electron's safeStorage) and kept, encrypted, in the same 0600 file. The Electron object is passed in by
 * src/main/index.ts; that wiring is the one part not tested here (the Electron binary is absent on our machines).
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly description = "the operating system's secure storage"
  private readonly file: FileSecretStore

  constructor(
    dataDir: string,
    private readonly cipher: OsCipher,
  ) {
    this.file = new FileSecretStore(dataDir)
  }

  get(name: string): string | null {
    const stored = this.file.get(name)
    return stored === null ? null : this.cipher.decryptString(Buffer.from(stored, 'base64'))
  }

  set(name: string, value: string): void {
    if (!this.cipher.isEncryptionAvailable()) {
      throw new AppError('UNSUPPORTED', "The operating system's secure storage is not available on this machine, so the API key cannot be stored safely. Set up the system keyring (on Linux, the Secret Service) and try again.")
    }
    this.file.set(name, this.cipher.encryptString(value).toString('base64'))
  }

  delete(name: string): void {
    this.file.delete(name)
  }
}
