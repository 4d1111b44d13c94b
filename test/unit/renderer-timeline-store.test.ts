import { describe, expect, it } from 'vitest';
import { createTimelineStore, mergeRows } from '../../renderer/src/store/timeline';
import { deferred, FakeClient, request } from './renderer-fake-client';
import type { RequestEvent } from '../../shared/dto';

const A = '0004f2aaaaaa';
const B = '0004f2bbbbbb';

describe('timeline store', () => {
  it('loads the selected phone with getTimeline', async () => {
    const rows = [request(A), request(A, { path: '/sip.ld', fileKind: 'firmware' })];
    const client = new FakeClient().handle('getTimeline', () => rows);
    const store = createTimelineStore(client);
    await store.getState().select(A);
    expect(client.calls[0]).toMatchObject({ name: 'getTimeline', args: { mac: A } });
    expect(store.getState().rows.map((r) => r.path)).toEqual(['/0004f2aabbcc.cfg', '/sip.ld']);
  });

  it('appends live request events only for the selected MAC', async () => {
    const client = new FakeClient().handle('getTimeline', () => []);
    const store = createTimelineStore(client);
    store.getState().attach();
    await store.getState().select(A);
    client.emit('request', request(A, { path: '/a.cfg' }));
    client.emit('request', request(B, { path: '/b.cfg' }));
    client.emit('request', request(undefined, { path: '/000000000000.cfg' }));
    client.emit('request', request(A, { path: '/a2.cfg' }));
    expect(store.getState().rows.map((r) => r.path)).toEqual(['/a.cfg', '/a2.cfg']);
  });

  it('ignores events when no phone is selected', () => {
    const client = new FakeClient();
    const store = createTimelineStore(client);
    store.getState().attach();
    client.emit('request', request(A));
    expect(store.getState().rows).toEqual([]);
  });

  it('does not duplicate a row that came both live and in the loaded timeline', async () => {
    const d = deferred<RequestEvent[]>();
    const client = new FakeClient().handle('getTimeline', () => d.promise);
    const store = createTimelineStore(client);
    store.getState().attach();
    const sel = store.getState().select(A);
    const live = request(A, { path: '/live.cfg' });
    client.emit('request', live);
    const older = request(A, { path: '/older.cfg', id: live.id - 1 });
    d.resolve([older, live]);
    await sel;
    expect(store.getState().rows.map((r) => r.id)).toEqual([older.id, live.id]);
  });

  it('drops a late answer for a phone that is no longer selected', async () => {
    const slow = deferred<RequestEvent[]>();
    const client = new FakeClient().handle('getTimeline', ({ mac }) => (mac === A ? slow.promise : [request(B, { path: '/b.cfg' })]));
    const store = createTimelineStore(client);
    const first = store.getState().select(A);
    await store.getState().select(B);
    slow.resolve([request(A, { path: '/a.cfg' })]);
    await first;
    expect(store.getState().mac).toBe(B);
    expect(store.getState().rows.map((r) => r.path)).toEqual(['/b.cfg']);
  });

  it('keeps the error of a failed load', async () => {
    const client = new FakeClient().handle('getTimeline', () => {
      throw new Error('disk full');
    });
    const store = createTimelineStore(client);
    await store.getState().select(A);
    expect(store.getState().error?.message).toBe('disk full');
    expect(store.getState().loading).toBe(false);
  });

  it('mergeRows sorts by id, removes duplicates and keeps the newest rows', () => {
    const r = [1, 2, 3, 4].map((id) => request(A, { id }));
    expect(mergeRows([r[2]!, r[0]!], [r[1]!, r[2]!, r[3]!], 3).map((x) => x.id)).toEqual([2, 3, 4]);
  });
});
