/**
 * The phones-on-the-network UI pieces: the stores follow events (rows replace by id, batch counts,
 * discovery rows), batch rows keep submission order, passwords never reach the store in clear,
 * action states render in words with the fix, the factory-reset confirmation names the phone and
 * waits for the typed phrase, and the address / port fields parse what technicians type.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PhoneActionProgress, PhoneBatch, WebPhone } from '../../shared/api-phones';
import { ActionDetail, ActionBadge } from '../../renderer/src/phone-web/ActionState';
import { serverAddressFromUrl } from '../../renderer/src/phone-web/BootServerForm';
import { ConfirmBox } from '../../renderer/src/phone-web/ConfirmBox';
import { parsePorts } from '../../renderer/src/phone-web/DiscoverForm';
import { parseAddress } from '../../renderer/src/phone-web/PhoneWebActions';
import { createPhoneAdminStore } from '../../renderer/src/store/phone-admin';
import { createPhoneWebStore } from '../../renderer/src/store/phone-web';
import { FakeClient } from './renderer-fake-client';

const row = (i: number, extra: Partial<PhoneActionProgress> = {}): PhoneActionProgress => ({ actionId: `b1-${i}`, batchId: 'b1', action: 'reboot', target: `10.0.0.${i}`, state: 'queued', step: 'waiting for its turn', startedAt: 1, ...extra });
const batch = (extra: Partial<PhoneBatch> = {}): PhoneBatch => ({ batchId: 'b1', action: 'reboot', total: 12, queued: 12, running: 0, ok: 0, failed: 0, state: 'running', startedAt: 1, seq: 1, rows: [], ...extra });
const webPhone = (key: string, extra: Partial<WebPhone> = {}): WebPhone => ({ key, host: key, port: 80, https: false, sources: ['scan'], seenAt: 1, ...extra });

describe('phone-web store', () => {
  it('starts a batch, follows row and count events, keeps submission order, retries', async () => {
    const c = new FakeClient()
      .handle('phoneBatchRun', () => batch({ rows: Array.from({ length: 12 }, (_, i) => row(i)) }))
      .handle('phoneBatchRetry', () => batch({ state: 'running', ok: 11, failed: 0, queued: 1, seq: 31, rows: [row(7, { state: 'queued' }), row(3, { state: 'queued' })] }));
    const s = createPhoneWebStore(c);
    s.getState().attach();
    await s.getState().runBatch({ action: 'reboot', targets: [{ host: '10.0.0.1' }] });
    expect(s.getState().batchRows().map((r) => r.target)).toEqual(Array.from({ length: 12 }, (_, i) => `10.0.0.${i}`)); // 10 after 9, not after 1
    c.emit('phoneAction', row(7, { state: 'failed', error: { code: 'WRONG_PASSWORD', message: 'refused', fix: 'add it' } }));
    c.emit('phoneBatch', batch({ state: 'done', ok: 11, failed: 1, queued: 0, seq: 30 }));
    c.emit('phoneBatch', batch({ state: 'running', ok: 10, seq: 29 })); // a late, older copy changes nothing
    c.emit('phoneBatch', batch({ batchId: 'other', failed: 5 }));
    expect(s.getState().batch).toMatchObject({ state: 'done', ok: 11, failed: 1 });
    expect(s.getState().batchRows()[7]).toMatchObject({ state: 'failed', error: { code: 'WRONG_PASSWORD' } });
    await s.getState().retryBatch();
    expect(c.calls.at(-1)).toEqual({ name: 'phoneBatchRetry', args: { batchId: 'b1' } });
    expect(s.getState().batchRows()[7]!.state).toBe('queued');
    expect(s.getState().batch?.seq).toBe(31);
    s.getState().dismissBatch();
    expect(s.getState().batchRows()).toEqual([]);
  });

  it('keeps the newest counts when the batch\u2019s events arrive before the answer that starts it', async () => {
    let answer!: (b: PhoneBatch) => void;
    const c = new FakeClient().handle('phoneBatchRun', () => new Promise<PhoneBatch>((r) => (answer = r)));
    const s = createPhoneWebStore(c);
    s.getState().attach();
    const pending = s.getState().runBatch({ action: 'reboot', targets: [{ host: 'a' }] });
    c.emit('phoneAction', row(0, { state: 'ok' }));
    c.emit('phoneBatch', batch({ total: 1, ok: 1, queued: 0, state: 'done', seq: 5 }));
    answer(batch({ total: 1, queued: 1, seq: 1, rows: [row(0)] }));
    await pending;
    expect(s.getState().batch).toMatchObject({ state: 'done', ok: 1 });
    expect(s.getState().batchRows()[0]!.state).toBe('ok');
  });

  it('shows a batch refused by the engine as an error with its fix', async () => {
    const c = new FakeClient().handle('phoneBatchRun', () => {
      throw Object.assign(new Error('a batch factory reset needs its confirmation'), { code: 'PHONE_REFUSED', fix: 'Type RESET 3 PHONES' });
    });
    const s = createPhoneWebStore(c);
    await s.getState().runBatch({ action: 'factoryReset', targets: [{ host: 'a' }, { host: 'b' }, { host: 'c' }] });
    expect(s.getState().batchError).toMatchObject({ code: 'PHONE_REFUSED', fix: 'Type RESET 3 PHONES' });
    expect(s.getState().batch).toBeUndefined();
  });

  it('adds phones found during discovery as they come, and marks a phone busy during an action', async () => {
    let release!: () => void;
    const c = new FakeClient()
      .handle('discoverPhones', () => ({ scanId: 's', phones: [webPhone('10.0.0.5'), webPhone('10.0.0.6')] }))
      .handle('phoneReboot', () => new Promise((r) => (release = () => r({ progress: row(1, { actionId: 'single-1', state: 'ok', mac: '0004f2000001' }) }))));
    const s = createPhoneWebStore(c);
    s.getState().attach();
    const pending = s.getState().discover({ scan: { cidr: '10.0.0.0/29' } });
    expect(s.getState().discovering).toBe(true);
    c.emit('phoneDiscovery', { scanId: 's', state: 'running', scanned: 3, total: 12, found: 1, phone: webPhone('10.0.0.5') });
    expect(Object.keys(s.getState().phones)).toEqual(['10.0.0.5']);
    await pending;
    expect(Object.keys(s.getState().phones).sort()).toEqual(['10.0.0.5', '10.0.0.6']);
    expect(s.getState().discovering).toBe(false);
    const act = s.getState().act('phoneReboot', { target: { mac: '0004f2000001' } }, '0004f2000001');
    expect(s.getState().busy['0004f2000001']).toBe('reboot');
    release();
    await act;
    expect(s.getState().busy['0004f2000001']).toBeUndefined();
    expect(s.getState().rowsFor('0004f2000001')[0]!.state).toBe('ok');
  });
});

describe('phone-admin store', () => {
  it('keeps only labels of passwords and appends syslog lines from events', async () => {
    const c = new FakeClient()
      .handle('addPhoneCredential', ({ site }) => ({ site, passwords: [{ id: 'a', label: '456 (factory default)', factoryDefault: true }, { id: 'b', label: 'Password 2 (added 2026-01-01)', factoryDefault: false }] }))
      .handle('getSyslogStatus', () => ({ enabled: true, state: 'listening', bind: '127.0.0.1', port: 514, boundPort: 514, received: 0 }))
      .handle('listSyslog', () => []);
    const s = createPhoneAdminStore(c);
    s.getState().attach();
    expect(await s.getState().addPassword('default', 'S3cret!')).toBe(true);
    expect(JSON.stringify(s.getState())).not.toContain('S3cret!');
    await s.getState().loadSyslog();
    c.emit('syslog', { id: 1, time: 1, address: '10.0.0.5', mac: '0004f2000001', format: 'rfc3164', message: 'hello' });
    expect(s.getState().lines.map((l) => l.message)).toEqual(['hello']);
  });
});

describe('phone-web components', () => {
  it('renders states in words and a failure with its code and fix', () => {
    expect(renderToStaticMarkup(<ActionBadge state="ok" />)).toContain('Verified');
    expect(renderToStaticMarkup(<ActionBadge state="failed" />)).toContain('Failed');
    const failed = renderToStaticMarkup(<ActionDetail row={row(1, { state: 'failed', error: { code: 'LOCKED_OUT', message: 'locked', fix: 'Wait for the lock to expire' } })} />);
    expect(failed).toContain('LOCKED_OUT');
    expect(failed).toContain('Fix: </strong>Wait for the lock to expire');
    const ok = renderToStaticMarkup(<ActionDetail full row={row(1, { state: 'ok', verified: ['read back: HTTP 10.0.0.5', 'went away and answered again 40 s later'] })} />);
    expect(ok).toMatch(/✓ read back: HTTP 10\.0\.0\.5[\s\S]*✓ went away/);
    expect(renderToStaticMarkup(<ActionDetail row={row(1, { state: 'waiting', step: 'restarting for 20 s', percent: 60 })} />)).toMatch(/restarting for 20 s[\s\S]*<progress/);
  });

  it('the reset confirmation names the phone and stays disabled until the phrase is typed', () => {
    const html = renderToStaticMarkup(
      <ConfirmBox title="Reset VVX 400 00:04:f2:aa:bb:cc at 10.0.0.5 to factory settings?" phrase="RESET 3 PHONES" confirmLabel="Reset 3 phone(s)" onConfirm={() => {}} onCancel={() => {}} />,
    );
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('Reset VVX 400 00:04:f2:aa:bb:cc at 10.0.0.5 to factory settings?');
    expect(html).toContain('<code>RESET 3 PHONES</code>');
    expect(html).toMatch(/<button type="button" class="btn btn-danger" disabled="">Reset 3 phone\(s\)<\/button>/);
  });

  it('parses addresses, ports and server URLs as technicians type them', () => {
    expect(parseAddress('10.0.0.5')).toEqual({ host: '10.0.0.5' });
    expect(parseAddress(' https://10.0.0.5:8443/ ')).toEqual({ host: '10.0.0.5', port: 8443, https: true });
    expect(parseAddress('http://[fe80::1]:80')).toEqual({ host: 'fe80::1', port: 80, https: false });
    expect(parseAddress('10.0.0.5/admin')).toBeUndefined();
    expect(parsePorts('80, 443')).toEqual([80, 443]);
    expect(parsePorts('80 8080')).toEqual([80, 8080]);
    expect(parsePorts('80, http')).toBeUndefined();
    expect(parsePorts('1,2,3,4,5')).toBeUndefined();
    expect(serverAddressFromUrl('http://10.0.0.5:8080/mpv/')).toBe('10.0.0.5:8080/mpv');
    expect(serverAddressFromUrl('ftp://10.0.0.5:2121/')).toBe('10.0.0.5:2121');
  });
});
