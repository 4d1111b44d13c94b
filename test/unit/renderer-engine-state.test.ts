/**
 * Desktop: the IPC client turns the main process's `engine` events (engine process restarting,
 * back, gave up) into the connection state the "Disconnected from engine" banner follows.
 */
import { describe, expect, it } from 'vitest';
import { createIpcClient, type ProvkitBridge } from '../../renderer/src/api/ipc-client';

describe('IPC client engine state', () => {
  it('is down while the engine process restarts or failed, open when it runs again', () => {
    const subs = new Map<string, (p: unknown) => void>();
    const bridge: ProvkitBridge = { invoke: async () => null, on: (e, cb) => (subs.set(e, cb), () => subs.delete(e)) };
    const client = createIpcClient(bridge);
    expect(client.connection.get()).toBe('open');
    expect(subs.has('engine')).toBe(false);
    const seen: string[] = [];
    client.connection.subscribe((s) => seen.push(s));
    subs.get('engine')!({ state: 'restarting', restarts: 1, at: 1 });
    expect(client.connection.get()).toBe('down');
    subs.get('engine')!({ state: 'running', restarts: 1, at: 2 });
    subs.get('engine')!({ state: 'failed', restarts: 6, at: 3 });
    expect(seen).toEqual(['down', 'open', 'down']);
  });
});
