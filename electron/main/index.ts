/**
 * Electron main process entry (`out/main/index.js`): app lifecycle only.
 * Creates the engine (data dir from `--data DIR`, `PROVKIT_DATA`, or `<userData>/data`), wires
 * the IPC transport, opens the window, and closes the engine before the app quits.
 * Everything testable lives in `ipc.ts`, `window.ts` and `paths.ts`.
 */
import { BrowserWindow, app, dialog, ipcMain, session } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../engine/engine';
import { forwardEvents, isTrustedSender, registerIpc } from './ipc';
import { appPaths, resolveDataDir } from './paths';
import { createMainWindow, hardenSession, rendererLocation, type RendererSource } from './window';

// `process.resourcesPath` is Electron's addition to `process` (the packaged app's resources folder).
const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
const paths = appPaths(dirname(fileURLToPath(import.meta.url)), app.isPackaged, resourcesPath);
// The dev server URL is set by `electron-vite dev`; a packaged app never loads a remote page.
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const source: RendererSource = { devUrl, file: paths.rendererHtml };

let engine: Engine | undefined;
let mainWindow: BrowserWindow | undefined;
let shutdown: Promise<void> | undefined;
const cleanups: Array<() => void> = [];

function openWindow(): void {
  const win = createMainWindow(paths.preload, source);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  mainWindow = win;
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
  hardenSession(session.defaultSession, Boolean(devUrl));
  const created = await Engine.create({ dataDir, mode: 'desktop', resourcesDir: paths.resources });
  engine = created;
  const expected = rendererLocation(source);
  cleanups.push(registerIpc(ipcMain, created.handlers, (url) => isTrustedSender(url, expected)));
  cleanups.push(
    forwardEvents(
      (listener) => created.onEvent(listener),
      () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : undefined),
    ),
  );
  if (shutdown) return;
  openWindow();
  // Servers the user left enabled start with the app; failures show in their status (and events).
  created.startEnabledServers().catch((err: unknown) => console.error('[main] could not start the servers:', err));
}

/** Unregister IPC and close the engine (servers, files) once; later calls share the same promise. */
function closeEngine(): Promise<void> {
  shutdown ??= (async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await engine?.close();
  })().catch((err: unknown) => console.error('[main] error while closing the engine:', err));
  return shutdown;
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (engine && !shutdown && BrowserWindow.getAllWindows().length === 0) openWindow();
});

app.on('before-quit', (event) => {
  if (!engine || shutdown) return;
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
