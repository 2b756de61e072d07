// Electron hardening decisions, testable without the Electron binary.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, isAppUrl, permissionDecision, resolveAppFile } from './policy'

describe('isAppUrl (navigation and IPC sender check)', () => {
  it('accepts only app://readout', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
    expect(isAppUrl('app://readout/assets/x.js')).toBe(true)
    for (const url of ['https://readout/', 'app://evil/index.html', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'javascript:alert(1)', 'not a url', ''])
      expect(isAppUrl(url), url).toBe(false)
  })
})

describe('resolveAppFile (app:// protocol)', () => {
  const root = join('/opt', 'readout', 'renderer')
  it('maps app paths into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://readout/')).toBe(join(root, 'index.html'))
    expect(resolveAppFile(root, 'app://readout/assets/a.js')).toBe(join(root, 'assets', 'a.js'))
  })
  it('refuses path traversal in every spelling', () => {
    // The URL parser already folds literal dot segments into the root.
    expect(resolveAppFile(root, 'app://readout/../../secret')).toBe(join(root, 'secret'))
    expect(resolveAppFile(root, 'app://readout/%2e%2e/secret')).toBe(join(root, 'secret'))
    for (const url of [
      'app://readout/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://readout/%00',
      'app://other/index.html',
      'app://readout/%E0%A4%A',
    ])
      expect(resolveAppFile(root, url), url).toBeNull()
  })
})

describe('permission requests', () => {
  it('are denied by default', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown-future']) expect(permissionDecision(p)).toBe(false)
  })
})
