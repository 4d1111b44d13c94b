/**
 * Desktop shell pieces without Electron: app:// path safety, the OS-keychain key file, window
 * bounds restore/track, tray text and menu, notifications from engine events, and the
 * "Open provisioning folder" menu item.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerStatus } from '../../shared/dto';
import { APP_URL, registerAppProtocol, resolveAppFile } from '../../electron/main/app-protocol';
import { appMenuTemplate, startDesktopShell, type MenuItemTemplate, type ShellDeps } from '../../electron/main/desktop-shell';
import { OS_KEY_FILE, openOsSecretKey, type SafeStorageLike } from '../../electron/main/secret-key';
import { PhoneNotifier, trayTooltip } from '../../electron/main/status-summary';
import { restoreBounds, trackBounds } from '../../electron/main/window-state';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pk9-shell-'));
  dirs.push(d);
  return d;
};

describe('app:// protocol', () => {
  const root = '/opt/ProvKit/out/renderer';
  it('maps our URLs under the renderer folder', () => {
    expect(resolveAppFile(root, APP_URL)).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://provkit/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://provkit/assets/index-1.js?v=2#x')).toBe(`${root}/assets/index-1.js`);
  });
  it('refuses other hosts, schemes and every way out of the folder', () => {
    for (const url of [
      'app://other/index.html',
      'file:///etc/passwd',
      'app://provkit/../../../etc/passwd',
      'app://provkit/%2e%2e/%2e%2e/etc/passwd',
      'app://provkit/assets/..%2f..%2f..%2fetc/passwd',
      'app://provkit/..%5c..%5cwindows',
      'app://provkit/a%00.js',
      'app://provkit/%E0%A4%A',
      'not a url',
    ]) {
      const file = resolveAppFile(root, url);
      // Either refused, or (the URL parser folds a plain `/../` away) still inside the folder.
      expect(file === undefined || file.startsWith(`${root}/`), `${url} → ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'app://provkit/assets/..%2f..%2f..%2fetc/passwd')).toBeUndefined();
    expect(resolveAppFile(root, 'app://provkit/..%5c..%5cwindows')).toBeUndefined();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeUndefined();
  });
  it('the handler serves files with their type and 404s the rest', async () => {
    let handler: ((r: { url: string }) => Promise<Response>) | undefined;
    const dir = tmp();
    writeFileSync(join(dir, 'index.html'), '<title>ProvKit</title>');
    registerAppProtocol({ handle: (scheme, h) => void (expect(scheme).toBe('app'), (handler = h as never)) }, dir);
    const ok = await handler!({ url: APP_URL });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(await ok.text()).toBe('<title>ProvKit</title>');
    expect((await handler!({ url: 'app://provkit/missing.js' })).status).toBe(404);
    expect((await handler!({ url: 'app://provkit/%2e%2e/secret' })).status).toBe(404);
  });
});

describe('OS-keychain key (safeStorage)', () => {
  const fake = (available = true, backend = 'gnome_libsecret'): SafeStorageLike & { sealed: number } => ({
    sealed: 0,
    isEncryptionAvailable: () => available,
    encryptString(p) {
      this.sealed++;
      return Buffer.from(`SEALED:${Buffer.from(p).toString('hex')}`);
    },
    decryptString(b) {
      const s = b.toString();
      if (!s.startsWith('SEALED:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(s.slice(7), 'hex').toString();
    },
    getSelectedStorageBackend: () => backend,
  });
  it('creates a 32-byte key sealed by safeStorage and reopens the same key', () => {
    const dir = tmp();
    const safe = fake();
    const a = openOsSecretKey(dir, safe, 'linux');
    expect(a.key && Buffer.from(a.key, 'base64')).toHaveLength(32);
    const b = openOsSecretKey(dir, safe, 'linux');
    expect(b.key).toBe(a.key);
    expect(safe.sealed).toBe(1);
  });
  it('falls back (no key) without a real keychain', () => {
    expect(openOsSecretKey(tmp(), fake(false), 'linux')).toMatchObject({ key: undefined, reason: expect.stringMatching(/unavailable/) });
    expect(openOsSecretKey(tmp(), fake(true, 'basic_text'), 'linux')).toMatchObject({ key: undefined, reason: expect.stringMatching(/basic_text/) });
  });
  it('keeps an unreadable key file aside and starts a new key', () => {
    const dir = tmp();
    writeFileSync(join(dir, OS_KEY_FILE), 'from another machine');
    const r = openOsSecretKey(dir, fake(), 'darwin');
    expect(r.key).toBeDefined();
    expect(readdirSync(dir).some((f) => f.startsWith(`${OS_KEY_FILE}.unreadable-`))).toBe(true);
  });
});

describe('window bounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  it('restores a visible position, drops one on a missing monitor, clamps the size', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1000, height: 700 }, screen)).toEqual({ x: 100, y: 50, width: 1000, height: 700 });
    expect(restoreBounds({ x: 2500, y: 50, width: 1000, height: 700 }, screen)).toEqual({ width: 1000, height: 700 });
    expect(restoreBounds({ x: 10, y: 10, width: 5000, height: 3000, maximized: true }, screen)).toEqual({ x: 10, y: 10, width: 1920, height: 1040, maximized: true });
  });
  it('saves after moves (debounced) and on close', async () => {
    const win = Object.assign(new (await import('node:events')).EventEmitter(), {
      getNormalBounds: () => ({ x: 1.4, y: 2, width: 900, height: 650 }),
      isMaximized: () => false,
    });
    const save = vi.fn();
    trackBounds(win, save, 5);
    win.emit('move');
    win.emit('resize');
    await new Promise((r) => setTimeout(r, 30));
    expect(save).toHaveBeenCalledTimes(1);
    win.emit('close');
    expect(save).toHaveBeenLastCalledWith({ x: 1, y: 2, width: 900, height: 650, maximized: false });
  });
});

const http = (state: ServerStatus['state'], extra: Partial<ServerStatus> = {}): ServerStatus => ({ kind: 'http', state, bind: '10.0.0.5', port: 80, activeTransfers: 0, options: {}, ...extra });

describe('tray and notifications', () => {
  it('tray tooltip names every server state and the engine when it is not running', () => {
    const t = trayTooltip([http('listening', { boundPort: 80 }), { ...http('error', { error: { code: 'EACCES', message: 'Port 21 needs admin rights (FTP on 10.0.0.5).' } }), kind: 'ftp' }, { ...http('stopped'), kind: 'tftp' }]);
    expect(t.split('\n')).toEqual(['ProvKit', 'HTTP: listening on 10.0.0.5:80', 'FTP: not running — Port 21 needs admin rights (FTP on 10.0.0.5).', 'TFTP: off']);
    expect(trayTooltip([], { state: 'restarting', restarts: 1, at: 0 })).toBe('ProvKit — engine restarting');
    // A dead engine's last "listening" is not shown as current.
    expect(trayTooltip([http('listening', { boundPort: 80 })], { state: 'failed', restarts: 6, at: 0 }).split('\n')).toEqual(['ProvKit — engine failed', 'HTTP: unknown — engine not connected']);
  });

  it('notifies once when a phone finishes, and on failures at most once per quiet period', () => {
    let now = 0;
    const n = new PhoneNotifier(60_000, () => now);
    const enr = (doneAt?: number) => ({ mac: '0004f2aabbcc', enrollment: { label: 'Front desk', vendor: 'polycom', model: 'VVX400', ...(doneAt ? { doneAt } : {}) } });
    expect(n.onEvent('enrollment', enr())).toBeUndefined();
    expect(n.onEvent('enrollment', enr(5))).toEqual({ title: 'Phone finished', body: 'Front desk (00:04:f2:aa:bb:cc) is provisioned (VVX400).' });
    expect(n.onEvent('enrollment', enr(5))).toBeUndefined();
    const phone = (errors: number) => ({ mac: '0004f2aabbcc', errors, requests: 3, inInventory: false, lastPath: '0004f2aabbcc.cfg', lastStatus: 404, lastProtocol: 'http' });
    expect(n.onEvent('phone', phone(0))).toBeUndefined();
    expect(n.onEvent('phone', phone(1))?.body).toBe('00:04:f2:aa:bb:cc: HTTP 0004f2aabbcc.cfg → 404. Open its timeline in ProvKit.');
    now += 1000;
    expect(n.onEvent('phone', phone(2))).toBeUndefined();
    now += 60_000;
    expect(n.onEvent('phone', phone(3))?.title).toBe('Phone failed a request');
    expect(n.onEvent('engine', { state: 'restarting', restarts: 1, at: 0, message: 'The engine stopped unexpectedly (exit code 9).' })?.title).toMatch(/restarting/);
  });

  function shell(overrides: Partial<ShellDeps> = {}) {
    const menus: MenuItemTemplate[][] = [];
    const tray = { tip: '', menu: undefined as unknown, setToolTip(t: string) { this.tip = t; }, setContextMenu(m: unknown) { this.menu = m; }, on: vi.fn(), destroy: vi.fn() };
    let emit: (e: never, p: unknown) => void = () => {};
    const deps: ShellDeps = {
      createTray: () => tray,
      buildMenu: (t) => (menus.push(t), t),
      setAppMenu: vi.fn(),
      notify: vi.fn(),
      notificationsOn: () => true,
      openPath: vi.fn(async () => ''),
      provisioningRoot: async () => '/data/provisioning',
      showWindow: vi.fn(),
      quit: vi.fn(),
      onError: vi.fn(),
      ...overrides,
    };
    const ui = startDesktopShell(deps, (l) => ((emit = l as never), () => {}), [http('stopped')]);
    return { deps, tray, menus, ui, emit: (e: string, p: unknown) => emit(e as never, p) };
  }

  it('tray follows server events; notifications follow phone events and the setting', () => {
    const s = shell();
    expect(s.tray.tip).toBe('ProvKit\nHTTP: off');
    s.emit('server', http('listening', { boundPort: 8080 }));
    expect(s.tray.tip).toBe('ProvKit\nHTTP: listening on 10.0.0.5:8080');
    const builds = s.menus.length;
    s.emit('server', http('listening', { boundPort: 8080 }));
    expect(s.menus.length).toBe(builds); // progress ticks do not rebuild the menu
    s.emit('enrollment', { mac: '0004f2000001', enrollment: { vendor: 'polycom', doneAt: 1 } });
    expect(s.deps.notify).toHaveBeenCalledWith('Phone finished', expect.stringContaining('00:04:f2:00:00:01'));
    const quiet = shell({ notificationsOn: () => false });
    quiet.emit('enrollment', { mac: '0004f2000001', enrollment: { vendor: 'polycom', doneAt: 1 } });
    expect(quiet.deps.notify).not.toHaveBeenCalled();
  });

  it('"Open provisioning folder" opens the engine root; a failure is shown', async () => {
    const s = shell();
    const file = appMenuTemplate(vi.fn(), vi.fn())[0]!.submenu!;
    expect(file.map((i) => i.label)).toContain('Open provisioning folder');
    const menu = (s.deps.setAppMenu as ReturnType<typeof vi.fn>).mock.calls[0]![0] as MenuItemTemplate[];
    menu[0]!.submenu![0]!.click!();
    await vi.waitFor(() => expect(s.deps.openPath).toHaveBeenCalledWith('/data/provisioning'));
    const bad = shell({ openPath: async () => 'Failed to open path' });
    await bad.ui.openFolder();
    expect(bad.deps.onError).toHaveBeenCalledWith('Could not open /data/provisioning: Failed to open path');
    s.ui.dispose();
    expect(s.tray.destroy).toHaveBeenCalled();
  });
});
