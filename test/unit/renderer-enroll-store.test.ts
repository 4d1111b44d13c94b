/**
 * The enroll store over a fake client: load resumes the phone worked on last, edits are saved
 * once after a short delay (passwords sent once), events from other windows merge unless a local
 * edit is pending, and request events grow the rows of watched phones only.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EnrollmentView } from '../../shared/api-enroll';
import { createEnrollStore, SAVE_DELAY_MS } from '../../renderer/src/store/enroll';
import { FakeClient, request } from './renderer-fake-client';

const view = (mac: string, extra: Partial<EnrollmentView> = {}): EnrollmentView => ({ mac, vendor: 'polycom', step: 'target', ticks: [], createdAt: 1, updatedAt: 1, targetHasPassword: false, ...extra });

function client(list: EnrollmentView[]): FakeClient {
  return new FakeClient()
    .handle('listEnrollments', () => list)
    .handle('getEnrollCapabilities', () => ({ automatic: { available: false, reason: 'no client' } }))
    .handle('saveEnrollment', ({ enrollment, targetPassword }) => ({ ...enrollment, createdAt: 1, updatedAt: 99, targetHasPassword: Boolean(targetPassword) }) as EnrollmentView)
    .handle('getTimeline', () => [request('0004f2000002', { id: 1 })])
    .handle('getEnrollFirmware', () => ({ file: 'sip.ld', bytes: 10 }));
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('enroll store', () => {
  it('resumes the phone worked on last and loads the watched phones’ rows', async () => {
    const c = client([view('0004f2000001', { updatedAt: 5 }), view('0004f2000002', { updatedAt: 9, step: 'watch', watchStartedAt: 1 })]);
    const store = createEnrollStore(c);
    await store.getState().load();
    expect(store.getState().selected).toBe('0004f2000002');
    expect(store.getState().order).toEqual(['0004f2000001', '0004f2000002']);
    await vi.runAllTimersAsync();
    expect(store.getState().rows['0004f2000002']).toHaveLength(1);
    expect(store.getState().firmware['0004f2000002']).toEqual({ file: 'sip.ld', bytes: 10 });
    expect(c.calls.filter((x) => x.name === 'getTimeline').map((x) => (x.args as { mac: string }).mac)).toEqual(['0004f2000002']);
  });

  it('saves edits once after the delay, with the password sent once', async () => {
    const c = client([view('0004f2000001')]);
    const store = createEnrollStore(c);
    await store.getState().load();
    store.getState().update('0004f2000001', { step: 'identify' });
    store.getState().update('0004f2000001', { label: 'Lobby' }, { targetPassword: 'pw' });
    expect(store.getState().byMac['0004f2000001']).toMatchObject({ step: 'identify', label: 'Lobby' });
    expect(c.names()).not.toContain('saveEnrollment');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    const saves = c.calls.filter((x) => x.name === 'saveEnrollment');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.args).toMatchObject({ enrollment: { step: 'identify', label: 'Lobby' }, targetPassword: 'pw' });
    expect(JSON.stringify((saves[0]!.args as { enrollment: unknown }).enrollment)).not.toContain('targetHasPassword');
    expect(store.getState().byMac['0004f2000001']!.targetHasPassword).toBe(true);
    store.getState().update('0004f2000001', { label: 'Hall' });
    await store.getState().flush();
    expect(c.calls.filter((x) => x.name === 'saveEnrollment')[1]!.args).not.toHaveProperty('targetPassword');
  });

  it('keeps a failed save’s error and password for the retry', async () => {
    const c = client([view('0004f2000001')]).handle('saveEnrollment', () => {
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    });
    const store = createEnrollStore(c);
    await store.getState().load();
    store.getState().update('0004f2000001', { label: 'x' }, { targetPassword: 'pw' });
    await store.getState().flush();
    expect(store.getState().errors['0004f2000001']).toMatchObject({ message: 'disk full' });
    c.handle('saveEnrollment', ({ enrollment }) => ({ ...enrollment, createdAt: 1, updatedAt: 2, targetHasPassword: true }) as EnrollmentView);
    store.getState().update('0004f2000001', { label: 'y' });
    await store.getState().flush();
    expect(c.calls.at(-1)!.args).toMatchObject({ targetPassword: 'pw' });
    expect(store.getState().errors['0004f2000001']).toBeUndefined();
  });

  it('merges events from elsewhere unless a local edit is pending; request events only for watched phones', async () => {
    const c = client([view('0004f2000001'), view('0004f2000002', { step: 'watch', watchStartedAt: 1 })]);
    const store = createEnrollStore(c);
    store.getState().attach();
    await store.getState().load();
    await vi.runAllTimersAsync();
    c.emit('enrollment', { mac: '0004f2000001', enrollment: view('0004f2000001', { step: 'path', updatedAt: 50 }) });
    expect(store.getState().byMac['0004f2000001']!.step).toBe('path');
    store.getState().update('0004f2000001', { step: 'keys' });
    c.emit('enrollment', { mac: '0004f2000001', enrollment: view('0004f2000001', { step: 'identify', updatedAt: 60 }) });
    expect(store.getState().byMac['0004f2000001']!.step).toBe('keys');
    c.emit('request', request('0004f2000002', { id: 7 }));
    c.emit('request', request('0004f2000001', { id: 8 }));
    expect(store.getState().rows['0004f2000002']!.map((r) => r.id)).toEqual([1, 7]);
    expect(store.getState().rows['0004f2000001']).toBeUndefined();
    c.emit('enrollment', { mac: '0004f2000002' });
    expect(store.getState().order).toEqual(['0004f2000001']);
  });

  it('the automatic path: the typed password sent once; a failure kept apart from save errors, with the phone’s fix', async () => {
    const c = client([view('0004f2000001', { step: 'keys', path: 'automatic' })]).handle('runEnrollAutomatic', () => {
      throw Object.assign(new Error('10.0.0.5 refused the admin password.'), { code: 'WRONG_PASSWORD', fix: 'Type the phone’s admin password above.' });
    });
    const store = createEnrollStore(c);
    await store.getState().load();
    expect(await store.getState().runAutomatic('0004f2000001', { adminPassword: 'S3cret', rememberPassword: false })).toBeUndefined();
    expect(c.calls.find((x) => x.name === 'runEnrollAutomatic')!.args).toEqual({ mac: '0004f2000001', adminPassword: 'S3cret' });
    expect(store.getState().automaticErrors['0004f2000001']).toMatchObject({ code: 'WRONG_PASSWORD', fix: 'Type the phone’s admin password above.' });
    expect(store.getState().errors['0004f2000001']).toBeUndefined();
    expect(store.getState().busy['0004f2000001']).toBeUndefined();
    c.handle('runEnrollAutomatic', () => ({ enrollment: view('0004f2000001', { step: 'watch', watchStartedAt: 5, updatedAt: 10 }), steps: ['reboot accepted'] }));
    expect(await store.getState().runAutomatic('0004f2000001', { adminPassword: 'S3cret', rememberPassword: true })).toEqual(['reboot accepted']);
    expect(c.calls.filter((x) => x.name === 'runEnrollAutomatic')[1]!.args).toEqual({ mac: '0004f2000001', adminPassword: 'S3cret', rememberPassword: true });
    expect(store.getState().automaticErrors['0004f2000001']).toBeUndefined();
    expect(store.getState().byMac['0004f2000001']!.step).toBe('watch');
  });

  it('checking a provider’s phone stores what the phone said', async () => {
    const verification = { at: 7, outcome: 'verified' as const, readBack: 'HTTP 72.245.184.168/mpv', lines: ['line 1 (6000): registered'] };
    const c = client([view('0004f2000001', { step: 'watch', watchStartedAt: 1 })]).handle('verifyEnrollment', () => ({ enrollment: view('0004f2000001', { step: 'watch', watchStartedAt: 1, verification, doneAt: 7, updatedAt: 20 }) }));
    const store = createEnrollStore(c);
    await store.getState().load();
    expect(await store.getState().verify('0004f2000001')).toEqual(verification);
    expect(c.calls.find((x) => x.name === 'verifyEnrollment')!.args).toEqual({ mac: '0004f2000001' });
    expect(store.getState().byMac['0004f2000001']!.doneAt).toBe(7);
  });
});
