import { describe, expect, it } from 'vitest';
import { chooseClient } from '../../renderer/src/api/choose-client';
import { ApiError } from '../../renderer/src/api/errors';
import { createIpcClient, ipcError, type ProvkitBridge } from '../../renderer/src/api/ipc-client';

function bridge(invoke: ProvkitBridge['invoke']) {
  const subs: Array<[string, (p: unknown) => void]> = [];
  const b: ProvkitBridge = {
    invoke,
    on(event, cb) {
      subs.push([event, cb]);
      return () => subs.splice(subs.findIndex((s) => s[1] === cb), 1);
    },
  };
  return { b, subs };
}

describe('IPC client', () => {
  it('passes name and args to the bridge and returns its result', async () => {
    const seen: unknown[] = [];
    const { b } = bridge(async (name, args) => {
      seen.push([name, args]);
      return { removed: true };
    });
    const client = createIpcClient(b);
    expect(await client.invoke('removePhone', { mac: '0004f2aabbcc' })).toEqual({ removed: true });
    expect(seen).toEqual([['removePhone', { mac: '0004f2aabbcc' }]]);
    expect(client.connection.get()).toBe('open');
  });

  it('subscribes through the bridge and unsubscribes', () => {
    const { b, subs } = bridge(async () => null);
    const client = createIpcClient(b);
    const got: unknown[] = [];
    const off = client.on('server', (s) => got.push(s));
    expect(subs.map((s) => s[0])).toEqual(['server']);
    subs[0]![1]({ kind: 'http' });
    expect(got).toEqual([{ kind: 'http' }]);
    off();
    expect(subs).toHaveLength(0);
  });

  it('maps a structured rejection to an ApiError', async () => {
    const { b } = bridge(async () => {
      throw { code: 'EACCES', message: 'Port 21 needs admin rights', fix: 'Use port 2121' };
    });
    await expect(createIpcClient(b).invoke('startServer', { kind: 'ftp' })).rejects.toMatchObject({
      code: 'EACCES',
      fix: 'Use port 2121',
    });
  });

  it('reads an ApiErrorBody carried in an Electron error message', () => {
    const err = new Error(`Error invoking remote method 'provkit:startServer': Error: {"error":{"code":"EACCES","message":"denied","fix":"do x"}}`);
    expect(ipcError(err)).toMatchObject({ code: 'EACCES', message: 'denied', fix: 'do x' });
  });

  it('strips the Electron prefix from a plain error', () => {
    const e = ipcError(new Error(`Error invoking remote method 'provkit:listPhones': Error: disk gone`));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('IPC_ERROR');
    expect(e.message).toBe('disk gone');
  });

  it('chooseClient picks IPC when window.provkit exists, HTTP otherwise', () => {
    const { b } = bridge(async () => null);
    expect(chooseClient({ provkit: b }).transport).toBe('ipc');
    const g = globalThis as unknown as { location?: unknown };
    const had = 'location' in g;
    const old = g.location;
    g.location = { href: 'http://127.0.0.1:9/' };
    try {
      expect(chooseClient({}).transport).toBe('http');
    } finally {
      if (had) g.location = old;
      else delete g.location;
    }
  });
});
