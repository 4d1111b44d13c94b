/**
 * The main window: hardened `BrowserWindow` options, the Content-Security-Policy, and the
 * navigation / window-open / permission guards. Follows Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security).
 */
import {
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  type HeadersReceivedResponse,
  type OnHeadersReceivedListenerDetails,
  type Session,
} from 'electron';
import { APP_URL } from './app-protocol';
import { isTrustedSender } from './ipc';

/**
 * The Content-Security-Policy sent with every response the window loads.
 * Never `'unsafe-eval'`. In development only, inline scripts are allowed because the Vite dev
 * server injects the React Fast Refresh preamble as an inline `<script type="module">`.
 * @param dev true when loading the electron-vite dev server
 * @returns the header value
 */
export function cspHeader(dev = false): string {
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Options of the main window: context isolation, sandbox, no Node integration, web security on.
 * @param preloadPath absolute path of the built preload script (`out/preload/index.cjs`)
 * @param state saved bounds (restored when given) and the OS theme (background colour)
 * @returns options for `new BrowserWindow()`
 */
export function windowOptions(preloadPath: string, state: WindowLook = {}): BrowserWindowConstructorOptions {
  return {
    width: state.bounds?.width ?? 1280,
    height: state.bounds?.height ?? 820,
    ...(state.bounds?.x !== undefined && state.bounds?.y !== undefined ? { x: state.bounds.x, y: state.bounds.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'ProvKit',
    // Matches the renderer's --bg for the OS theme (styles.css prefers-color-scheme), no flash.
    backgroundColor: state.dark ? '#14181d' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Saved size/position (window-state.ts) and the OS theme (`nativeTheme.shouldUseDarkColors`). */
export interface WindowLook {
  bounds?: { x?: number; y?: number; width: number; height: number } | undefined;
  dark?: boolean;
}

/** Where the renderer is loaded from. */
export interface RendererSource {
  /** electron-vite dev server URL (`ELECTRON_RENDERER_URL`); only honoured when not packaged. */
  devUrl?: string | undefined;
  /** Built `index.html` (`out/renderer/index.html`). */
  file: string;
}

/**
 * The URL the renderer is loaded from and trusted at: the dev server URL, else `app://provkit/index.html`
 * (app-protocol.ts serves the built files there; never `file://`).
 * @param source where the renderer is loaded from
 * @returns the `expected` argument for `isTrustedSender`
 */
export function rendererLocation(source: RendererSource): string {
  return source.devUrl ? source.devUrl : APP_URL;
}

/**
 * Permissions the page may get. Only clipboard writes (copy buttons); everything else
 * (camera, notifications, geolocation, …) is refused.
 * @param permission Electron's permission name
 * @returns true when granted
 */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/**
 * Add the CSP header to every response of a session and refuse permission requests.
 * Call once per session.
 * @param session the window's session (`session.defaultSession`)
 * @param dev true when loading the dev server (see `cspHeader`)
 */
export function hardenSession(session: Session, dev: boolean): void {
  const csp = cspHeader(dev);
  session.webRequest.onHeadersReceived(
    (details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => {
      const headers: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(details.responseHeaders ?? {})) {
        if (key.toLowerCase() !== 'content-security-policy') headers[key] = value;
      }
      headers['Content-Security-Policy'] = [csp];
      callback({ responseHeaders: headers });
    },
  );
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(isAllowedPermission(permission)));
  session.setPermissionCheckHandler((_wc, permission) => isAllowedPermission(permission));
}

/**
 * Create and load the main window. New windows are denied, navigation away from the renderer is
 * blocked, `<webview>` is refused; the window is shown once its first paint is ready.
 * @param preloadPath absolute path of the built preload script
 * @param source where to load the renderer from
 * @param look saved bounds and the OS theme (see {@link windowOptions})
 * @returns the window (loading continues in the background; load errors are logged)
 */
export function createMainWindow(preloadPath: string, source: RendererSource, look: WindowLook = {}): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath, look));
  const expected = rendererLocation(source);
  const wc = win.webContents;
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (details: { url: string; preventDefault(): void }): void => {
    if (!isTrustedSender(details.url, expected)) details.preventDefault();
  };
  wc.on('will-navigate', guard);
  wc.on('will-redirect', guard);
  wc.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  const loading = win.loadURL(expected);
  loading.catch((err: unknown) => console.error('[window] could not load the renderer:', err));
  return win;
}
