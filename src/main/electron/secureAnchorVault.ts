// The audit anchor sealed with the OS secure storage (Keychain, DPAPI, libsecret/KWallet) through Electron's safeStorage.
// The untestable boundary: the Electron binary is not available to the tests, so only the interface it implements
// (AnchorVault) and the file vault are tested; this file is wired in src/main/index.ts alone.
import { safeStorage } from 'electron'
import { existsSync, readFileSync } from 'node:fs'
import { writeFileAtomic, type AnchorVault } from '../audit/anchorVault'
import type { Logger } from '../log'

/**
 * A vault whose content only this OS user's keychain can produce: someone who edits files can delete it (the log then
 * reports the anchor missing) but cannot write one that matches a shortened log. Null where the OS offers no real
 * secure storage (Linux without a keyring falls back to a fixed key, which protects nothing).
 */
export function secureAnchorVault(path: string, log: Logger): AnchorVault | null {
  if (!safeStorage.isEncryptionAvailable()) {
    log.info('No OS secure storage: the audit anchor is kept in the data folder only')
    return null
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    log.info('OS secure storage uses a fixed key here (no keyring): the audit anchor is kept in the data folder only')
    return null
  }
  return {
    source: 'secure',
    location: path,
    read: () => (existsSync(path) ? safeStorage.decryptString(readFileSync(path)) : null),
    write: (text) => writeFileAtomic(path, safeStorage.encryptString(text)),
  }
}
