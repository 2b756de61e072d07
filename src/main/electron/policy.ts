// Electron hardening decisions as plain data and functions, so they are unit-testable without the binary.
import { normalize, join, sep } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'readout'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** webPreferences of the one window; checked by a static test. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const

/** Only the app's own pages may be shown; everything else is refused. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
  } catch {
    return false
  }
}

/** Maps an app:// URL path to a file inside the renderer folder, or null when it would escape it. */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(url).pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '')
  const root = normalize(rendererDir)
  const file = normalize(join(root, rel))
  return file.startsWith(root + sep) ? file : null
}

/** Every permission (camera, notifications, geolocation…) is denied: the app needs none. */
export function permissionDecision(_permission: string): boolean {
  return false
}
