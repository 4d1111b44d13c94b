/**
 * Desktop glue (electron/main, electron/preload) with a fake `electron` module and a fake engine:
 * event forwarding, hardened window options and CSP, the preload's name checks, and the app
 * lifecycle (data dir, engine closed before quit). The IPC contract itself (handlers, sender
 * checks, error mapping) is in electron-ipc.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX, REQUEST_NAMES } from '../../shared/api';
import { forwardEvents } from '../../electron/main/ipc';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainWindow, cspHeader, hardenSession, isAllowedPermission, rendererLocation, windowOptions } from '../../electron/main/window';

type Listener = (...args: unknown[]) => unknown;

/** Shared state of the fake `electron` module. */
const h = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Array<(...args: unknown[]) => unknown>>();
    on(event: string, fn: (...args: unknown[]) => unknown): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
      return this;
    }
    once(event: string, fn: (...args: unknown[]) => unknown): this {
      return this.on(event, fn);
    }
    emit(event: string, ...args: unknown[]): void {
      for (const fn of this.listeners.get(event) ?? []) fn(...args);
    }
  }
  class FakeWebContents extends Emitter {
    sent: unknown[][] = [];
    destroyed = false;
    windowOpenHandler: ((d: { url: string }) => unknown) | undefined;
    send(...args: unknown[]): void {
      this.sent.push(args);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    setWindowOpenHandler(fn: (d: { url: string }) => unknown): void {
      this.windowOpenHandler = fn;
    }
  }
  class FakeBrowserWindow extends Emitter {
    static all: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.all;
    }
    webContents = new FakeWebContents();
    loaded: string[] = [];
    constructor(readonly options: unknown) {
      super();
      FakeBrowserWindow.all.push(this);
    }
    show(): void {}
    focus(): void {}
    maximize(): void {}
    isMaximized(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    isDestroyed(): boolean {
      return false;
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push(`url:${url}`);
      return Promise.resolve();
    }
    loadFile(file: string): Promise<void> {
      this.loaded.push(`file:${file}`);
      return Promise.resolve();
    }
  }
  const handles = new Map<string, Listener>();
  const ipcMain = {
    handle: (channel: string, fn: Listener) => {
      if (handles.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handles.set(channel, fn);
    },
    removeHandler: (channel: string) => void handles.delete(channel),
  };
  const rendererListeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: (..._args: unknown[]): Promise<unknown> => Promise.resolve(undefined),
    on: (channel: string, fn: Listener) => {
      rendererListeners.set(channel, new Set([...(rendererListeners.get(channel) ?? []), fn]));
      return ipcRenderer;
    },
    removeListener: (channel: string, fn: Listener) => {
      rendererListeners.get(channel)?.delete(fn);
      return ipcRenderer;
    },
  };
  const exposed: Record<string, unknown> = {};
  const session = {
    protocol: { handle: (scheme: string, fn: Listener) => void protocol.handle(scheme, fn) },
    headersListener: undefined as Listener | undefined,
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    webRequest: {
      onHeadersReceived: (fn: Listener) => {
        session.headersListener = fn;
      },
    },
    setPermissionRequestHandler: (fn: Listener) => {
      session.permissionRequest = fn;
    },
    setPermissionCheckHandler: (fn: Listener) => {
      session.permissionCheck = fn;
    },
  };
  const app = new (class extends Emitter {
    isPackaged = false;
    quit = vi.fn();
    exit = vi.fn();
    whenReady = () => Promise.resolve();
    userData = '/fake/userData';
    getPath = (name: string) => (name === 'userData' ? this.userData : `/fake/${name}`);
  })();
  const dialog = { showErrorBox: vi.fn() };
  const engine = { create: vi.fn() };
  /** utilityProcess.fork: a fake engine process answering like host.ts. */
  const forks: Array<{ path: string; posted: Array<Record<string, unknown>>; emitter: Emitter }> = [];
  const utilityProcess = {
    fork: vi.fn((path: string) => {
      const emitter = new Emitter();
      const rec = { path, posted: [] as Array<Record<string, unknown>>, emitter };
      forks.push(rec);
      const reply = (m: unknown) => queueMicrotask(() => emitter.emit('message', m));
      return {
        on: (e: string, l: (...a: unknown[]) => unknown) => emitter.on(e, l),
        kill: () => true,
        postMessage: (m: Record<string, unknown>) => {
          rec.posted.push(m);
          if (m.type === 'init') reply({ type: 'ready', pid: 42 });
          if (m.type === 'request') {
            const result = m.name === 'listServers' ? [] : m.name === 'getInfo' ? { provisioningRoot: '/p' } : { name: m.name };
            reply({ type: 'response', id: m.id, result });
          }
          if (m.type === 'shutdown') reply({ type: 'closed' });
        },
      };
    }),
  };
  const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
  const trays: unknown[] = [];
  return { FakeBrowserWindow, FakeWebContents, handles, ipcMain, ipcRenderer, rendererListeners, exposed, session, app, dialog, engine, forks, utilityProcess, protocol, trays };
});

vi.mock('electron', () => ({
  app: h.app,
  BrowserWindow: h.FakeBrowserWindow,
  ipcMain: h.ipcMain,
  ipcRenderer: h.ipcRenderer,
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (h.exposed[key] = api) },
  session: { defaultSession: h.session },
  dialog: h.dialog,
  utilityProcess: h.utilityProcess,
  protocol: h.protocol,
  safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  nativeTheme: { themeSource: 'light', shouldUseDarkColors: true },
  nativeImage: { createFromPath: () => ({ isEmpty: () => false }) },
  Tray: class {
    constructor() {
      h.trays.push(this);
    }
    setToolTip() {}
    setContextMenu() {}
    on() {}
    destroy() {}
  },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
  Notification: class {
    static isSupported = () => true;
    show() {}
  },
  shell: { openPath: vi.fn(async () => '') },
}));

vi.mock('../../electron/engine/engine', () => ({ Engine: { create: h.engine.create } }));

beforeEach(() => {
  h.handles.clear();
  h.FakeBrowserWindow.all.length = 0;
});

describe('forwardEvents', () => {
  it('sends every engine event as { event, payload } on IPC_EVENT_CHANNEL while a window lives', () => {
    let emit: (event: (typeof EVENT_NAMES)[number], payload: unknown) => void = () => {};
    const unsubscribe = vi.fn();
    const onEvent = (l: typeof emit) => {
      emit = l;
      return unsubscribe;
    };
    const wc = new h.FakeWebContents();
    let current: InstanceType<typeof h.FakeWebContents> | undefined = wc;
    const stop = forwardEvents(onEvent, () => current);
    for (const name of EVENT_NAMES) emit(name, { n: name });
    expect(wc.sent).toEqual(EVENT_NAMES.map((name) => [IPC_EVENT_CHANNEL, { event: name, payload: { n: name } }]));
    wc.destroyed = true;
    emit('server', {});
    current = undefined;
    emit('server', {});
    expect(wc.sent).toHaveLength(EVENT_NAMES.length);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });
});

describe('window', () => {
  it('has context isolation and sandbox on, node integration off', () => {
    const opts = windowOptions('/app/out/preload/index.cjs');
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('CSP never allows eval, and allows inline scripts only in dev', () => {
    for (const dev of [false, true]) expect(cspHeader(dev)).not.toContain('unsafe-eval');
    const csp = cspHeader();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp.split(';').find((d) => d.includes('script-src'))).not.toContain('unsafe-inline');
  });

  it('hardenSession replaces the CSP header on every response and refuses permissions', () => {
    hardenSession(h.session as never, false);
    const cb = vi.fn();
    h.session.headersListener!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'X-A': ['1'] } }, cb);
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': [cspHeader(false)] } });
    const grant = vi.fn();
    h.session.permissionRequest!({}, 'media', grant);
    expect(grant).toHaveBeenCalledWith(false);
    expect(isAllowedPermission('clipboard-sanitized-write')).toBe(true);
    expect(h.session.permissionCheck!(null, 'geolocation', 'file://')).toBe(false);
  });

  it('createMainWindow denies new windows and navigation away, loads the built file', () => {
    const file = '/opt/ProvKit/out/renderer/index.html';
    const win = createMainWindow('/p.cjs', { file }) as unknown as InstanceType<typeof h.FakeBrowserWindow>;
    expect(win.loaded).toEqual(['url:app://provkit/index.html']);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const away = { url: 'https://example.com/', preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();
    const home = { url: `${rendererLocation({ file })}#/phones`, preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', home);
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('createMainWindow loads the dev server URL when given', () => {
    const win = createMainWindow('/p.cjs', { devUrl: 'http://localhost:5173', file: '/x' }) as unknown as InstanceType<typeof h.FakeBrowserWindow>;
    expect(win.loaded).toEqual(['url:http://localhost:5173']);
  });
});

describe('preload', () => {
  type Bridge = { invoke(name: string, args?: unknown): Promise<unknown>; on(e: string, l: (p: unknown) => void): () => void };

  async function loadBridge(): Promise<Bridge> {
    vi.resetModules();
    await import('../../electron/preload/index');
    expect(Object.keys(h.exposed)).toEqual(['provkit']);
    return h.exposed.provkit as Bridge;
  }

  it('exposes only invoke, on and pathForFile (the desktop file picker)', async () => {
    const bridge = await loadBridge();
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it('rejects request names outside the contract without touching IPC', async () => {
    const invoke = vi.spyOn(h.ipcRenderer, 'invoke');
    const bridge = await loadBridge();
    for (const name of ['provkit:getInfo', 'event', '__proto__', 'toString', 'shell']) {
      await expect(bridge.invoke(name, {})).rejects.toMatchObject({ code: 'UNKNOWN_REQUEST' });
    }
    await expect(bridge.invoke(42 as unknown as string)).rejects.toMatchObject({ code: 'UNKNOWN_REQUEST' });
    expect(invoke).not.toHaveBeenCalled();
    invoke.mockRestore();
  });

  it('invokes contract requests on their channel and unwraps results and errors', async () => {
    const invoke = vi.spyOn(h.ipcRenderer, 'invoke');
    const bridge = await loadBridge();
    invoke.mockResolvedValueOnce({ result: { version: '1' } });
    await expect(bridge.invoke('getInfo')).resolves.toEqual({ version: '1' });
    expect(invoke).toHaveBeenLastCalledWith(`${IPC_PREFIX}getInfo`, {});
    invoke.mockResolvedValueOnce({ error: { code: 'EACCES', message: 'denied', fix: 'use 8080' } });
    await expect(bridge.invoke('startServer', { kind: 'http' })).rejects.toEqual({
      name: 'ApiError',
      code: 'EACCES',
      message: 'denied',
      fix: 'use 8080',
    });
    invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'provkit:listPhones': Error: No handler registered"));
    await expect(bridge.invoke('listPhones', {})).rejects.toMatchObject({ code: 'IPC_ERROR', message: 'No handler registered' });
    invoke.mockRestore();
  });

  it('subscribes only to contract events and unsubscribes', async () => {
    const bridge = await loadBridge();
    expect(() => bridge.on('shell', () => {})).toThrow(/not a ProvKit event/);
    expect(() => bridge.on('server', 'x' as never)).toThrow(/function/);
    const got: unknown[] = [];
    const off = bridge.on('server', (p) => got.push(p));
    const channel = [...(h.rendererListeners.get(IPC_EVENT_CHANNEL) ?? [])];
    expect(channel).toHaveLength(1);
    channel[0]!({}, { event: 'server', payload: { kind: 'http' } });
    channel[0]!({}, { event: 'phone', payload: { mac: 'x' } });
    expect(got).toEqual([{ kind: 'http' }]);
    off();
    expect(h.rendererListeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });
});

describe('main entry lifecycle', () => {
  let signalListeners: Map<string, unknown[]>;
  beforeEach(() => {
    signalListeners = new Map(['SIGINT', 'SIGTERM'].map((s) => [s, process.listeners(s as NodeJS.Signals)]));
    vi.stubEnv('PROVKIT_DATA', '');
    vi.stubEnv('ELECTRON_RENDERER_URL', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const [s, before] of signalListeners) {
      for (const l of process.listeners(s as NodeJS.Signals)) if (!before.includes(l)) process.off(s, l);
    }
  });

  it('forks the engine process on <userData>/data, wires IPC, serves app://, opens the window, stops the engine before quitting', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'pk9-main-'));
    h.app.userData = userData;
    h.forks.length = 0;
    h.app.listeners.clear();
    vi.resetModules();
    await import('../../electron/main/index');
    await vi.waitFor(() => expect(h.FakeBrowserWindow.all).toHaveLength(1));
    expect(h.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(h.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(h.forks).toHaveLength(1);
    expect(h.forks[0]!.path).toMatch(/engine-host\.js$/);
    // safeStorage unavailable in this fake: no key handed over, the engine uses its key file.
    expect(h.forks[0]!.posted[0]).toEqual({ type: 'init', init: { dataDir: join(userData, 'data'), resourcesDir: expect.any(String) } });
    expect([...h.handles.keys()].sort()).toEqual(REQUEST_NAMES.map((n) => IPC_PREFIX + n).sort());
    const win = h.FakeBrowserWindow.all[0]!;
    const opts = win.options as ReturnType<typeof windowOptions>;
    expect(opts.webPreferences?.sandbox).toBe(true);
    expect(opts.backgroundColor).toBe('#14181d'); // nativeTheme says dark
    expect(win.loaded[0]).toBe('url:app://provkit/index.html');
    await vi.waitFor(() => expect(h.trays).toHaveLength(1));
    // A request from our page goes through the relay to the engine process.
    const reply = await h.handles.get(`${IPC_PREFIX}getInfo`)!({ senderFrame: { url: 'app://provkit/index.html#/servers' } }, {});
    expect(reply).toEqual({ result: { provisioningRoot: '/p' } });
    const refused = (await h.handles.get(`${IPC_PREFIX}getInfo`)!({ senderFrame: { url: 'file:///tmp/x.html' } }, {})) as { error: { code: string } };
    expect(refused.error.code).toBe('UNTRUSTED_SENDER');

    const quitEvent = { preventDefault: vi.fn() };
    h.app.emit('before-quit', quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(h.app.quit).toHaveBeenCalled());
    expect(h.forks[0]!.posted.filter((m) => m.type === 'shutdown')).toHaveLength(1);
    // The window size was saved on close into <data>/desktop.json.
    win.emit('close');
    expect(JSON.parse(readFileSync(join(userData, 'data', 'desktop.json'), 'utf8')).window).toMatchObject({ width: 1000, height: 700 });
    expect(h.handles.size).toBe(0);
    // The second before-quit (from app.quit()) goes through.
    const again = { preventDefault: vi.fn() };
    h.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    rmSync(userData, { recursive: true, force: true });
  });
});
