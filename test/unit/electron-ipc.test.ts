/**
 * The desktop app's IPC contract without Electron: one handler per contract request and nothing
 * else, argument validation and error mapping (registerIpc), which senders are trusted, the data
 * folder and built-file paths, and how the start script finds (or misses) the Electron binary.
 * The parts that need the `electron` module (window, preload, lifecycle) are in electron-main.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, REQUEST_NAMES, type ApiHandlers, type RequestName } from '../../shared/api';
import { isTrustedSender, registerIpc, toErrorBody, type InvokeEventLike, type IpcMainLike } from '../../electron/main/ipc';
import { appPaths, resolveDataDir } from '../../electron/main/paths';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

type Listener = (...args: unknown[]) => unknown;
type MockHandlers = { [K in RequestName]: ReturnType<typeof vi.fn> };

/** Engine handlers answering `{ name }`, as mocks. */
function fakeHandlers(): MockHandlers {
  const out = {} as MockHandlers;
  for (const name of REQUEST_NAMES) out[name] = vi.fn(async () => ({ name }));
  return out;
}

const asHandlers = (m: MockHandlers): ApiHandlers => m as unknown as ApiHandlers;

const TRUSTED = 'file:///opt/ProvKit/out/renderer/index.html';
const trusted: InvokeEventLike = { senderFrame: { url: `${TRUSTED}#/phones` } };

function recordingIpcMain(): IpcMainLike & { channels: string[]; fns: Map<string, Listener> } {
  const fns = new Map<string, Listener>();
  const channels: string[] = [];
  return {
    channels,
    fns,
    handle(channel, fn) {
      channels.push(channel);
      fns.set(channel, fn as Listener);
    },
    removeHandler(channel) {
      fns.delete(channel);
    },
  };
}

describe('registerIpc', () => {
  it('registers exactly one handler per contract request and no other channel', () => {
    const ipc = recordingIpcMain();
    const dispose = registerIpc(ipc, asHandlers(fakeHandlers()), () => true);
    expect([...ipc.channels].sort()).toEqual(REQUEST_NAMES.map((n) => IPC_PREFIX + n).sort());
    expect(new Set(ipc.channels).size).toBe(ipc.channels.length);
    expect(ipc.channels).not.toContain(IPC_EVENT_CHANNEL);
    dispose();
    expect(ipc.fns.size).toBe(0);
  });

  it('calls the engine handler with parsed arguments and wraps the result', async () => {
    const ipc = recordingIpcMain();
    const handlers = fakeHandlers();
    registerIpc(ipc, asHandlers(handlers), (url) => isTrustedSender(url, TRUSTED));
    const reply = await ipc.fns.get(`${IPC_PREFIX}startServer`)!(trusted, { kind: 'http' });
    expect(reply).toEqual({ result: { name: 'startServer' } });
    expect(handlers.startServer).toHaveBeenCalledWith({ kind: 'http' });
    // missing args mean `{}` for requests without arguments
    expect(await ipc.fns.get(`${IPC_PREFIX}getInfo`)!(trusted)).toEqual({ result: { name: 'getInfo' } });
  });

  it('rejects requests from an untrusted sender frame without calling the engine', async () => {
    const ipc = recordingIpcMain();
    const handlers = fakeHandlers();
    registerIpc(ipc, asHandlers(handlers), (url) => isTrustedSender(url, TRUSTED));
    for (const event of [
      { senderFrame: { url: 'https://evil.example/' } },
      { senderFrame: { url: 'file:///tmp/downloaded.html' } },
      { senderFrame: null },
    ]) {
      const reply = (await ipc.fns.get(`${IPC_PREFIX}listPhones`)!(event, {})) as { error: { code: string } };
      expect(reply.error.code).toBe('UNTRUSTED_SENDER');
    }
    expect(handlers.listPhones).not.toHaveBeenCalled();
  });

  it('rejects invalid arguments with INVALID_ARGS and the issues', async () => {
    const ipc = recordingIpcMain();
    const handlers = fakeHandlers();
    registerIpc(ipc, asHandlers(handlers), () => true);
    const reply = (await ipc.fns.get(`${IPC_PREFIX}startServer`)!(trusted, { kind: 'gopher' })) as {
      error: { code: string; issues: string[] };
    };
    expect(reply.error.code).toBe('INVALID_ARGS');
    expect(reply.error.issues.join()).toMatch(/kind/);
    const bad = (await ipc.fns.get(`${IPC_PREFIX}removePhone`)!(trusted, { mac: 'not-a-mac' })) as { error: { code: string } };
    expect(bad.error.code).toBe('INVALID_ARGS');
    expect(handlers.startServer).not.toHaveBeenCalled();
    expect(handlers.removePhone).not.toHaveBeenCalled();
  });

  it('maps handler errors to plain { error: { code, message, fix } }', async () => {
    const ipc = recordingIpcMain();
    const handlers = fakeHandlers();
    handlers.startServer.mockRejectedValueOnce(
      Object.assign(new Error('Port 80 needs privileges'), { code: 'EACCES', fix: 'Use port 8080.' }),
    );
    handlers.stopServer.mockRejectedValueOnce(new Error('boom'));
    registerIpc(ipc, asHandlers(handlers), () => true);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const a = await ipc.fns.get(`${IPC_PREFIX}startServer`)!(trusted, { kind: 'http' });
    const b = await ipc.fns.get(`${IPC_PREFIX}stopServer`)!(trusted, { kind: 'http' });
    spy.mockRestore();
    expect(a).toEqual({ error: { code: 'EACCES', message: 'Port 80 needs privileges', fix: 'Use port 8080.' } });
    expect(b).toEqual({ error: { code: 'INTERNAL', message: 'boom' } });
    expect(structuredClone(a)).toEqual(a);
  });

  it('toErrorBody handles non-Error throws', () => {
    expect(toErrorBody('nope')).toEqual({ error: { code: 'INTERNAL', message: 'nope' } });
    expect(toErrorBody({ code: 42, message: 'x' })).toEqual({ error: { code: 'INTERNAL', message: 'x' } });
  });
});

describe('isTrustedSender', () => {
  it('accepts only our renderer file or dev-server origin', () => {
    expect(isTrustedSender(TRUSTED, TRUSTED)).toBe(true);
    expect(isTrustedSender(`${TRUSTED}?x=1#/servers`, TRUSTED)).toBe(true);
    expect(isTrustedSender('file:///opt/ProvKit/out/renderer/other.html', TRUSTED)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', TRUSTED)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/#/phones', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender('http://evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender('about:blank', 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender('', TRUSTED)).toBe(false);
    // The built renderer on app://provkit/ (app-protocol.ts): same scheme and host only.
    expect(isTrustedSender('app://provkit/index.html#/phones', 'app://provkit/index.html')).toBe(true);
    expect(isTrustedSender('app://provkit/assets/x.js', 'app://provkit/index.html')).toBe(true);
    expect(isTrustedSender('app://evil/index.html', 'app://provkit/index.html')).toBe(false);
    expect(isTrustedSender('file:///opt/ProvKit/out/renderer/index.html', 'app://provkit/index.html')).toBe(false);
    expect(isTrustedSender('http://provkit/index.html', 'app://provkit/index.html')).toBe(false);
    expect(isTrustedSender(undefined, TRUSTED)).toBe(false);
    expect(isTrustedSender('file:///C:/Program%20Files/ProvKit/out/renderer/index.html', 'file:///c:/Program Files/ProvKit/out/renderer/index.html')).toBe(true);
  });
});


describe('paths', () => {
  it('resolveDataDir: --data, --data=, PROVKIT_DATA, then <userData>/data', () => {
    expect(resolveDataDir(['electron', '.', '--data', '/d1'], { PROVKIT_DATA: '/env' }, '/ud')).toBe('/d1');
    expect(resolveDataDir(['electron', '.', '--data=/d2'], {}, '/ud')).toBe('/d2');
    expect(resolveDataDir(['electron', '.'], { PROVKIT_DATA: '/env' }, '/ud')).toBe('/env');
    expect(resolveDataDir(['electron', '.'], {}, '/ud')).toBe('/ud/data');
    expect(resolveDataDir(['electron', '.', '--data'], {}, '/ud')).toBe('/ud/data');
  });

  it('appPaths: built files next to out/main, resources from the repo or the package', () => {
    expect(appPaths('/r/out/main', false, undefined)).toEqual({
      preload: '/r/out/preload/index.cjs',
      rendererHtml: '/r/out/renderer/index.html',
      resources: '/r/resources',
    });
    expect(appPaths('/x/app.asar/out/main', true, '/x').resources).toBe('/x/resources');
  });
});

describe('findElectronBinary (start script, e2e skip)', () => {
  it('reports a missing package, a package without binary, and a present binary, without throwing', () => {
    vi.stubEnv('ELECTRON_EXEC_PATH', '');
    const root = mkdtempSync(join(tmpdir(), 'provkit-electron-'));
    try {
      writeFileSync(join(root, 'package.json'), '{"name":"x"}');
      expect(findElectronBinary(root)).toMatchObject({ path: null, reason: expect.stringMatching(/not installed/) });
      const pkg = join(root, 'node_modules', 'electron');
      mkdirSync(join(pkg, 'dist'), { recursive: true });
      writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"45.4.1","main":"index.js"}');
      writeFileSync(join(pkg, 'index.js'), 'throw new Error("must not be executed")');
      expect(findElectronBinary(root)).toMatchObject({ path: null, reason: expect.stringMatching(/no Electron binary/) });
      writeFileSync(join(pkg, 'path.txt'), 'electron');
      expect(findElectronBinary(root)).toMatchObject({ path: null, reason: expect.stringMatching(/missing/) });
      writeFileSync(join(pkg, 'dist', 'electron'), '');
      expect(findElectronBinary(root)).toEqual({ path: join(pkg, 'dist', 'electron') });
    } finally {
      rmSync(root, { recursive: true, force: true });
      vi.unstubAllEnvs();
    }
  });
});

