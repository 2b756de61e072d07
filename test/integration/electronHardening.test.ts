// Static checks of the Electron hardening: window options, main-process guards, and the built renderer's CSP.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { WEB_PREFERENCES } from '../../src/main/electron/policy'
import { REPO_ROOT } from '../helpers/serve'

const mainSource = readFileSync(join(REPO_ROOT, 'src/main/index.ts'), 'utf8')

describe('BrowserWindow hardening', () => {
  it('uses the hardened webPreferences', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures')
    // The window is created with exactly these preferences (plus the preload), nothing overriding them.
    expect(mainSource).toMatch(/webPreferences:\s*\{\s*\.\.\.WEB_PREFERENCES,\s*preload: join\([^)]*\)\s*\}/)
    expect(mainSource).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/)
  })

  it('denies navigation, new windows, webviews and permissions; holds a single-instance lock', () => {
    expect(mainSource).toContain("on('will-navigate'")
    expect(mainSource).toContain("on('will-redirect'")
    expect(mainSource).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/)
    expect(mainSource).toContain("on('will-attach-webview', (e) => e.preventDefault())")
    expect(mainSource).toContain('setPermissionRequestHandler')
    expect(mainSource).toContain('setPermissionCheckHandler')
    expect(mainSource).toContain('onBeforeRequest')
    expect(mainSource).toContain('requestSingleInstanceLock()')
    expect(mainSource).toContain('protocol.handle(APP_SCHEME')
  })

  it('the preload exposes only call and subscribe', () => {
    const preload = readFileSync(join(REPO_ROOT, 'src/preload/index.ts'), 'utf8')
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1)
    const apiBlock = /const api = \{([\s\S]*?)\n\}/.exec(preload)?.[1] ?? ''
    const keys = [...apiBlock.matchAll(/^\s{2}(\w+):/gm)].map((m) => m[1])
    expect(keys).toEqual(['call', 'subscribe'])
  })
})

describe('renderer Content-Security-Policy', () => {
  const built = join(REPO_ROOT, 'out/renderer/index.html')
  it('is strict in the built index.html', () => {
    expect(existsSync(built), 'run `npm run build` first').toBe(true)
    const html = readFileSync(built, 'utf8')
    const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(csp).toBeDefined()
    const directives = new Map(
      csp!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map((d) => [d[0]!, d.slice(1)]),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toMatch(/https?:|\*|ws:/)
    // No inline scripts: every <script> has a src.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc=/)
    expect(html).not.toMatch(/<script\b[^>]*>[^<\s]/)
  })
})
