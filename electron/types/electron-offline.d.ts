/**
 * Fallback type declarations for the subset of the `electron` module that `electron/main/` and
 * `electron/preload/` use, so `tsc` passes on an offline install where the optional `electron`
 * package (and its `electron.d.ts`) is absent.
 *
 * Only used through `tsconfig.json` `paths` when `node_modules/electron` cannot be resolved; with
 * Electron installed the real `electron.d.ts` wins. Signatures are copied (narrowed) from
 * Electron 45's `electron.d.ts` so code that compiles against this file also compiles against it.
 * Source: electron@45.4.1 `electron.d.ts` (https://www.electronjs.org/docs/latest/api/).
 */

/** The web platform's Request/Response (protocol.handle). */
type GlobalRequest = Request;
type GlobalResponse = Response;

/** A web frame in the main process (only what we read). */
export interface WebFrameMain {
  readonly url: string;
}

/** Event passed to `ipcMain.handle` listeners. */
export interface IpcMainInvokeEvent {
  preventDefault(): void;
  frameId: number;
  processId: number;
  sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
  type: 'frame';
}

/** Event passed to `ipcRenderer.on` listeners. */
export interface IpcRendererEvent {
  preventDefault(): void;
  sender: IpcRenderer;
}

/** Electron's generic event with extra parameters. */
export type ElectronEvent<Params extends object = object> = Params & {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
};

/** Parameters of `will-navigate` / `will-redirect`. */
export interface WebContentsWillNavigateEventParams {
  url: string;
  isSameDocument: boolean;
  isMainFrame: boolean;
  frame: WebFrameMain | null;
}

/** Argument of the `setWindowOpenHandler` handler. */
export interface HandlerDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
}

/** Result of the `setWindowOpenHandler` handler. */
export type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

/** `webPreferences` of a BrowserWindow (the options ProvKit sets). */
export interface WebPreferences {
  preload?: string;
  sandbox?: boolean;
  contextIsolation?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  spellcheck?: boolean;
  navigateOnDragDrop?: boolean;
}

/** Options of `new BrowserWindow()` (the ones ProvKit sets). */
export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  backgroundColor?: string;
  autoHideMenuBar?: boolean;
  icon?: string;
  x?: number;
  y?: number;
  webPreferences?: WebPreferences;
}

/** Details passed to `webRequest.onHeadersReceived`. */
export interface OnHeadersReceivedListenerDetails {
  id: number;
  url: string;
  method: string;
  resourceType: string;
  statusCode: number;
  responseHeaders?: Record<string, string[]>;
}

/** What `webRequest.onHeadersReceived` callbacks answer. */
export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
  statusLine?: string;
}

/** `session.webRequest`. */
export interface WebRequest {
  onHeadersReceived(
    listener:
      | ((
          details: OnHeadersReceivedListenerDetails,
          callback: (headersReceivedResponse: HeadersReceivedResponse) => void,
        ) => void)
      | null,
  ): void;
}

/** `session.protocol` (custom schemes). */
export interface Protocol {
  handle(scheme: string, handler: (request: GlobalRequest) => GlobalResponse | Promise<GlobalResponse>): void;
  registerSchemesAsPrivileged(customSchemes: Array<{ scheme: string; privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean } }>): void;
}

/** A browser session. */
export interface Session {
  readonly webRequest: WebRequest;
  readonly protocol: Protocol;
  setPermissionRequestHandler(
    handler: ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(
    handler: ((webContents: WebContents | null, permission: string, requestingOrigin: string) => boolean) | null,
  ): void;
}

/** A window's web contents. */
export interface WebContents {
  readonly session: Session;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (details: ElectronEvent<WebContentsWillNavigateEventParams>) => void): this;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): this;
}

/** A top-level window. */
export class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  static getAllWindows(): BrowserWindow[];
  readonly webContents: WebContents;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  maximize(): void;
  isMaximized(): boolean;
  getNormalBounds(): Rectangle;
  loadURL(url: string): Promise<void>;
  loadFile(filePath: string): Promise<void>;
  on(event: 'closed' | 'resize' | 'move' | 'close', listener: () => void): this;
  once(event: 'ready-to-show', listener: () => void): this;
}

/** `ipcMain`. */
export interface IpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** `ipcRenderer`. */
export interface IpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
}

/** `contextBridge`. */
export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

/** A rectangle in DIP. */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A display (`screen.getAllDisplays()`). */
export interface Display {
  workArea: Rectangle;
}

/** A `utilityProcess` child. */
export interface UtilityProcess {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  on(event: 'spawn', listener: () => void): this;
}

/** An image. */
export class NativeImage {
  isEmpty(): boolean;
}

/** A menu item's options (the ones ProvKit sets). */
export interface MenuItemConstructorOptions {
  label?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemConstructorOptions[];
}

/** A menu. */
export class Menu {
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  static setApplicationMenu(menu: Menu | null): void;
}

/** The tray icon. */
export class Tray {
  constructor(image: NativeImage | string);
  setToolTip(toolTip: string): void;
  setContextMenu(menu: Menu | null): void;
  destroy(): void;
  on(event: 'click', listener: () => void): this;
}

/** A desktop notification. */
export class Notification {
  constructor(options?: { title?: string; body?: string });
  static isSupported(): boolean;
  show(): void;
}

/** `app`. */
export interface App {
  readonly isPackaged: boolean;
  whenReady(): Promise<void>;
  getPath(name: 'home' | 'appData' | 'userData' | 'temp' | 'exe' | 'logs'): string;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'before-quit', listener: (event: ElectronEvent) => void): this;
  on(event: 'window-all-closed' | 'activate', listener: () => void): this;
}

/** `dialog`. */
export interface Dialog {
  showErrorBox(title: string, content: string): void;
}

export const app: App;
export const ipcMain: IpcMain;
export const ipcRenderer: IpcRenderer;
export const contextBridge: ContextBridge;
/** `webUtils` (preload): the path of a File picked in a file dialog. */
export const webUtils: { getPathForFile(file: File): string };
export const dialog: Dialog;
export const session: { readonly defaultSession: Session };
export const protocol: Protocol;
export const safeStorage: {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
};
export const screen: { getAllDisplays(): Display[] };
export const shell: { openPath(path: string): Promise<string> };
export const nativeTheme: { themeSource: 'system' | 'light' | 'dark'; readonly shouldUseDarkColors: boolean };
export const nativeImage: { createFromPath(path: string): NativeImage; createEmpty(): NativeImage };
export const utilityProcess: {
  fork(modulePath: string, args?: string[], options?: { env?: Record<string, string>; serviceName?: string; stdio?: 'pipe' | 'ignore' | 'inherit'; cwd?: string }): UtilityProcess;
};
