import { describe, expect, it } from 'vitest';
import { createPhonesStore } from '../../renderer/src/store/phones';
import { deferred, FakeClient, phone } from './renderer-fake-client';
import type { PhoneSummary } from '../../shared/dto';

describe('phones store', () => {
  it('loads the list keyed by MAC', async () => {
    const client = new FakeClient().handle('listPhones', () => [phone('0004f2000001'), phone('0004f2000002', { model: 'VVX400' })]);
    const store = createPhonesStore(client);
    await store.getState().load();
    expect(Object.keys(store.getState().byMac).sort()).toEqual(['0004f2000001', '0004f2000002']);
    expect(store.getState().byMac['0004f2000002']?.model).toBe('VVX400');
    expect(store.getState().loaded).toBe(true);
  });

  it('replaces a phone by its event (whole summaries), instead of adding duplicates', async () => {
    const client = new FakeClient().handle('listPhones', () => [phone('0004f2000001', { model: 'VVX400', firmware: '5.9.5', label: 'Desk 4' })]);
    const store = createPhonesStore(client);
    store.getState().attach();
    await store.getState().load();
    // A request moved to another phone: the engine's summary no longer has a firmware.
    client.emit('phone', phone('0004f2000001', { requests: 7, lastPath: '/sip.ld', model: 'VVX400', label: 'Desk 4' }));
    client.emit('phone', phone('0004f2000003'));
    const byMac = store.getState().byMac;
    expect(Object.keys(byMac)).toHaveLength(2);
    expect(byMac['0004f2000001']).toMatchObject({ requests: 7, lastPath: '/sip.ld', label: 'Desk 4' });
    expect(byMac['0004f2000001']?.firmware).toBeUndefined();
    expect(byMac['0004f2000003']).toBeDefined();
  });

  it('keeps a newer live update that arrived while the list was loading', async () => {
    const d = deferred<PhoneSummary[]>();
    const client = new FakeClient().handle('listPhones', () => d.promise);
    const store = createPhonesStore(client);
    store.getState().attach();
    const loading = store.getState().load();
    client.emit('phone', phone('0004f2000001', { requests: 5, lastPath: '/new.cfg' }));
    client.emit('phone', phone('0004f2000009', { requests: 1 }));
    d.resolve([phone('0004f2000001', { requests: 3, lastPath: '/old.cfg' })]);
    await loading;
    expect(store.getState().byMac['0004f2000001']).toMatchObject({ requests: 5, lastPath: '/new.cfg' });
    expect(store.getState().byMac['0004f2000009']).toBeDefined();
  });

  it('keeps the load error with its code and fix', async () => {
    const client = new FakeClient().handle('listPhones', () => {
      throw Object.assign(new Error('boom'), { code: 'ENGINE_ERROR', fix: 'Restart ProvKit.' });
    });
    const store = createPhonesStore(client);
    await store.getState().load();
    expect(store.getState().error).toEqual({ code: 'ENGINE_ERROR', message: 'boom', fix: 'Restart ProvKit.' });
    expect(store.getState().loaded).toBe(false);
  });

  it('stops listening after detach', async () => {
    const client = new FakeClient();
    const store = createPhonesStore(client);
    const detach = store.getState().attach();
    detach();
    client.emit('phone', phone('0004f2000001'));
    expect(store.getState().byMac).toEqual({});
  });
});
