/**
 * Tray icon with the servers' status, desktop notifications from engine events, and the app menu
 * ("Open provisioning folder"). The Electron classes are passed in, so the wiring is unit-tested
 * with fakes (test/unit/electron-shell.test.ts).
 */
import type { EventName } from '../../shared/api';
import type { EngineProcessStatus } from '../../shared/api-desktop';
import type { ServerStatus } from '../../shared/dto';
import { PhoneNotifier, serverLines, trayTooltip } from './status-summary';

/** A menu item template (subset of Electron's `MenuItemConstructorOptions`). */
export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'separator' | 'normal';
  enabled?: boolean;
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

/** What the shell needs from Electron (real modules or fakes). */
export interface ShellDeps {
  createTray: () => { setToolTip(t: string): void; setContextMenu(m: unknown): void; on(e: 'click', l: () => void): unknown; destroy(): void } | undefined;
  buildMenu: (template: MenuItemTemplate[]) => unknown;
  setAppMenu: (menu: unknown) => void;
  notify: (title: string, body: string) => void;
  /** Whether notifications are on (desktop settings). */
  notificationsOn: () => boolean;
  openPath: (path: string) => Promise<string>;
  /** The provisioning root (from the engine's `getInfo`). */
  provisioningRoot: () => Promise<string>;
  showWindow: () => void;
  quit: () => void;
  onError: (message: string) => void;
}

/**
 * The app menu: File → Open provisioning folder, Quit; Edit (copy/paste roles); View (reload, zoom).
 * @param openFolder opens the provisioning folder
 * @param quit quits the app
 * @returns the template
 */
export function appMenuTemplate(openFolder: () => void, quit: () => void): MenuItemTemplate[] {
  return [
    { label: 'File', submenu: [{ label: 'Open provisioning folder', accelerator: 'CmdOrCtrl+Shift+O', click: openFolder }, { type: 'separator' }, { label: 'Quit ProvKit', accelerator: 'CmdOrCtrl+Q', click: quit }] },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
  ];
}

/**
 * Install the menu and tray and start following engine events.
 * @param deps Electron pieces
 * @param onEvent the relay's event subscription
 * @param initial servers' statuses at start
 * @returns `dispose` (tray destroyed, unsubscribed) and `openFolder` for other callers
 */
export function startDesktopShell(
  deps: ShellDeps,
  onEvent: (l: (event: EventName, payload: unknown) => void) => () => void,
  initial: ServerStatus[] = [],
): { dispose(): void; openFolder(): Promise<void> } {
  const servers = new Map<string, ServerStatus>(initial.map((s) => [s.kind, s]));
  let engine: EngineProcessStatus | undefined;
  const notifier = new PhoneNotifier();
  const openFolder = async (): Promise<void> => {
    try {
      const root = await deps.provisioningRoot();
      const err = await deps.openPath(root);
      if (err) deps.onError(`Could not open ${root}: ${err}`);
    } catch (e) {
      deps.onError(`Could not open the provisioning folder: ${(e as Error).message}`);
    }
  };
  deps.setAppMenu(deps.buildMenu(appMenuTemplate(() => void openFolder(), deps.quit)));
  const tray = deps.createTray();
  const refresh = (): void => {
    if (!tray) return;
    const list = [...servers.values()];
    tray.setToolTip(trayTooltip(list, engine));
    tray.setContextMenu(
      deps.buildMenu([
        ...serverLines(list, engine).map((label) => ({ label, enabled: false })),
        { type: 'separator' },
        { label: 'Show ProvKit', click: deps.showWindow },
        { label: 'Open provisioning folder', click: () => void openFolder() },
        { type: 'separator' },
        { label: 'Quit ProvKit', click: deps.quit },
      ]),
    );
  };
  tray?.on('click', deps.showWindow);
  refresh();
  const off = onEvent((event, payload) => {
    if (event === 'server') {
      const s = payload as ServerStatus;
      const prev = servers.get(s.kind);
      servers.set(s.kind, s);
      // Progress ticks re-send the same state every second: rebuild the menu only on changes.
      if (!prev || prev.state !== s.state || prev.boundPort !== s.boundPort || prev.activeTransfers !== s.activeTransfers) refresh();
    } else if (event === 'engine') {
      engine = payload as EngineProcessStatus;
      refresh();
    }
    const notice = notifier.onEvent(event, payload);
    if (notice && deps.notificationsOn()) deps.notify(notice.title, notice.body);
  });
  return {
    dispose() {
      off();
      tray?.destroy();
    },
    openFolder,
  };
}
