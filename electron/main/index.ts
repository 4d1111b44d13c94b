/**
 * Electron main process entry (`out/main/index.js`): app lifecycle only.
 * Forks the engine in a `utilityProcess` (`out/main/engine-host.js`, the same Engine as
 * `provkit serve`; data dir from `--data DIR`, `PROVKIT_DATA`, or `<userData>/data`) and relays
 * IPC to it (engine-relay.ts), serves the renderer on `app://provkit/` (app-protocol.ts), opens the
 * window where it was last, adds the tray, menu and notifications (desktop-shell.ts), and stops
 * the engine before the app quits. Everything testable lives in the modules it wires.
 */
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  ipcMain,
  nativeImage,
  nativeTheme,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerStatus } from '../../shared/dto';
import { launchOptionsFor } from '../engine/memory-policy';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { openDesktopSettings } from './desktop-settings';
import { startDesktopShell } from './desktop-shell';
import { EngineRelay, type UtilityProcessLike } from './engine-relay';
import { forwardEvents, isTrustedSender, registerIpc } from './ipc';
import { appPaths, resolveDataDir } from './paths';
import { openOsSecretKey } from './secret-key';
import { createMainWindow, hardenSession, rendererLocation, type RendererSource } from './window';
import { restoreBounds, trackBounds } from './window-state';

// `process.resourcesPath` is Electron's addition to `process` (the packaged app's resources folder).
const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
const mainDir = dirname(fileURLToPath(import.meta.url));
const paths = appPaths(mainDir, app.isPackaged, resourcesPath);
// The dev server URL is set by `electron-vite dev`; a packaged app never loads a remote page.
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const source: RendererSource = { devUrl, file: paths.rendererHtml };

// Must happen before `ready`: app:// becomes a standard, secure origin.
protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
nativeTheme.themeSource = 'system';

let relay: EngineRelay | undefined;
let mainWindow: BrowserWindow | undefined;
let shutdown: Promise<void> | undefined;
const cleanups: Array<() => void> = [];

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return openWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

let settings: ReturnType<typeof openDesktopSettings> | undefined;

function openWindow(): void {
  const saved = settings?.get('window');
  const bounds = saved ? restoreBounds(saved, screen.getAllDisplays().map((d) => d.workArea)) : undefined;
  const win = createMainWindow(paths.preload, source, { bounds, dark: nativeTheme.shouldUseDarkColors });
  if (bounds?.maximized) win.maximize();
  if (settings) cleanups.push(trackBounds(win, (b) => settings?.set('window', b)));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  mainWindow = win;
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
  mkdirSync(dataDir, { recursive: true });
  settings = openDesktopSettings(dataDir);
  hardenSession(session.defaultSession, Boolean(devUrl));
  registerAppProtocol(session.defaultSession.protocol, dirname(paths.rendererHtml));
  const secret = openOsSecretKey(dataDir, safeStorage);
  if ('reason' in secret) console.warn(`[main] ${secret.reason}: secrets are sealed with the key file in ${dataDir}`);
  const hostPath = join(mainDir, 'engine-host.js');
  const created = new EngineRelay({
    // Started with the settings `provkit serve` gets from bin/provkit.mjs's first line (memory-policy.ts).
    fork: () => utilityProcess.fork(hostPath, [], { serviceName: 'ProvKit engine', stdio: 'inherit', ...launchOptionsFor() }) as unknown as UtilityProcessLike,
    init: { dataDir, resourcesDir: paths.resources, ...(secret.key ? { secretKey: secret.key } : {}) },
  });
  relay = created;
  const expected = rendererLocation(source);
  cleanups.push(registerIpc(ipcMain, created.handlers, (url) => isTrustedSender(url, expected)));
  cleanups.push(forwardEvents((l) => created.onEvent(l), () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : undefined)));
  await created.start();
  if (shutdown) return;
  openWindow();
  const trayIcon = nativeImage.createFromPath(join(paths.resources, 'icons', 'tray.png'));
  const shellUi = startDesktopShell(
    {
      createTray: () => (trayIcon.isEmpty() ? undefined : new Tray(trayIcon)),
      buildMenu: (t) => Menu.buildFromTemplate(t as Parameters<typeof Menu.buildFromTemplate>[0]),
      setAppMenu: (m) => Menu.setApplicationMenu(m as Menu),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
      notificationsOn: () => settings?.get('notifications') !== false,
      openPath: (p) => shell.openPath(p),
      provisioningRoot: async () => (await created.handlers.getInfo({})).provisioningRoot,
      showWindow,
      quit: () => app.quit(),
      onError: (m) => dialog.showErrorBox('ProvKit', m),
    },
    (l) => created.onEvent(l),
    await created.handlers.listServers({}).catch((): ServerStatus[] => []),
  );
  cleanups.push(() => shellUi.dispose());
}

/** Unregister IPC and stop the engine process (servers, files) once; later calls share the promise. */
function closeEngine(): Promise<void> {
  shutdown ??= (async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await relay?.close();
  })().catch((err: unknown) => console.error('[main] error while closing the engine:', err));
  return shutdown;
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (relay && !shutdown && BrowserWindow.getAllWindows().length === 0) openWindow();
});

app.on('before-quit', (event) => {
  if (!relay || shutdown) return;
  // Hold the quit until the engine has stopped its servers and flushed its files.
  event.preventDefault();
  void closeEngine().then(() => app.quit());
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

start().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  const fix = typeof (err as { fix?: unknown })?.fix === 'string' ? `\n\n${(err as { fix: string }).fix}` : '';
  console.error('[main] ProvKit could not start:', err);
  dialog.showErrorBox('ProvKit could not start', message + fix);
  void closeEngine().then(() => app.exit(1));
});
