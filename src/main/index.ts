// Electron main process: lifecycle, the hardened window, the app:// protocol and IPC. Wiring only.
import { app, BrowserWindow, Menu, net, protocol, safeStorage, session, shell } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startBackground, type Background } from './background'
import { handlers } from './handlers'
import { EncryptedFileSecretStore } from './llm/remote/secrets'
import { builtEntries, createServices, type Services } from './services'
import { createDispatch } from './transport/dispatch'
import { serveIpc } from './electron/ipc'
import { utilityProcessSpawner } from './electron/engineProcess'
import { electronSqliteBinding } from './electron/nativeBinding'
import { secureAnchorVault } from './electron/secureAnchorVault'
import { consoleLogger } from './log'
import { APP_ENTRY_URL, APP_SCHEME, WEB_PREFERENCES, isAppUrl, permissionDecision, resolveAppFile } from './electron/policy'
import { APP_VERSION } from './version'

const rendererDir = join(__dirname, '..', 'renderer')
let mainWindow: BrowserWindow | null = null
let services: Services | null = null
let background: Background | null = null

// Tests and IT staff can point the app at another data folder; the default is Electron's userData.
if (process.env.READOUT_DATA_DIR) app.setPath('userData', process.env.READOUT_DATA_DIR)

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  void app.whenReady().then(start)
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Readout',
    webPreferences: { ...WEB_PREFERENCES, preload: join(__dirname, '..', 'preload', 'index.cjs') },
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault()
  })
  win.webContents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault()
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  void win.loadURL(APP_ENTRY_URL)
  return win
}

async function start(): Promise<void> {
  const vault = secureAnchorVault(join(app.getPath('userData'), 'audit-anchor.sealed'), consoleLogger)
  const started = createServices({
    dataDir: app.getPath('userData'),
    version: APP_VERSION,
    runtime: 'electron',
    electronVersion: process.versions.electron ?? null,
    sqliteNativeBinding: electronSqliteBinding(app.getAppPath()),
    runsQueue: true,
    ...builtEntries(__dirname),
    llmHostSpawner: utilityProcessSpawner,
    ...(vault ? { secureAnchorVault: vault } : {}),
    // Remote backends' API keys, encrypted by the OS secure storage. The one part of key storage not covered by tests:
    // the Electron binary is absent on our machines (EncryptedFileSecretStore is tested with a stand-in cipher).
    secretStore: new EncryptedFileSecretStore(app.getPath('userData'), safeStorage),
  })
  services = started
  const dispatch = createDispatch(handlers, started)

  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppFile(rendererDir, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    return net.fetch(pathToFileURL(file).toString())
  })

  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)))
  ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission))
  // No remote content: anything that is not the app itself (or devtools) is cancelled.
  ses.webRequest.onBeforeRequest((details, callback) => {
    // blob: and data: are the app's own in-memory content (exported files, inline images).
    const ok = isAppUrl(details.url) || /^(devtools:|file:|blob:|data:)/.test(details.url)
    callback({ cancel: !ok })
  })

  serveIpc(() => mainWindow, dispatch, services.events, { sessionReceivesEvents: (id) => started.auth.resolve(id, false).user !== null })
  background = startBackground(services)
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      {
        role: 'help',
        submenu: [{ label: 'Data folder', click: () => void shell.openPath(app.getPath('userData')) }],
      },
    ]),
  )
  mainWindow = createWindow()
  mainWindow.on('closed', () => {
    mainWindow = null
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => {
  void background?.stop()
  services?.close()
  services = null
})
