import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../shared/api';
import { startStores } from '../../renderer/src/store/index';
import { FakeClient, phone, server } from './renderer-fake-client';

function client(): FakeClient {
  return new FakeClient()
    .handle('getInfo', () => ({ version: '0.1.0', mode: 'headless', dataDir: '/d', provisioningRoot: '/d/root', platform: 'linux' }))
    .handle('listServers', () => [server('http')])
    .handle('listInterfaces', () => [])
    .handle('listPhones', () => [phone('0004f2000001')])
    .handle('getTimeline', () => []);
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('startStores', () => {
  it('loads everything once and subscribes to the core events', async () => {
    const c = client();
    const { stores } = startStores(c);
    await flush();
    const names = c.names();
    expect(names).toEqual(expect.arrayContaining(['getInfo', 'listInterfaces', 'listPhones', 'listServers']));
    expect(new Set(names).size).toBe(names.length); // each area loads once, not twice
    expect(stores.engine.getState().info?.provisioningRoot).toBe('/d/root');
    for (const e of ['phone', 'request', 'server'] as const) expect(c.listenerCount(e)).toBeGreaterThanOrEqual(1);
  });

  it('reloads after the event stream comes back from down, not before', async () => {
    const c = client();
    const { stores } = startStores(c);
    await stores.timeline.getState().select('0004f2000001');
    await flush();
    c.calls.length = 0;
    c.connection.set('down');
    expect(stores.connection.getState().state).toBe('down');
    await flush();
    expect(c.calls).toHaveLength(0);
    c.connection.set('open');
    await flush();
    expect(c.names()).toContain('listPhones');
    expect(c.names()).toContain('getTimeline');
  });

  it('reloads once the first connection opens (events before it were missed)', async () => {
    const c = client();
    c.connection.set('connecting');
    startStores(c);
    await flush();
    c.calls.length = 0;
    c.connection.set('open');
    await flush();
    expect(c.names().filter((n) => n === 'listPhones')).toHaveLength(1);
  });

  it('stop() unsubscribes from every event', () => {
    const c = client();
    const { stop } = startStores(c);
    expect(EVENT_NAMES.reduce((n, e) => n + c.listenerCount(e), 0)).toBeGreaterThan(0);
    stop();
    expect(EVENT_NAMES.reduce((n, e) => n + c.listenerCount(e), 0)).toBe(0);
  });
});
