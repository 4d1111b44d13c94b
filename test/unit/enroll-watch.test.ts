/**
 * The enrollment watch (renderer/src/enroll/watch.ts): stages from a phone's requests in the
 * Polycom boot order (docs/sources.md §1), firmware progress measured or estimated, the twenty-minute budget
 *, and the wizard's status line.
 */
import { describe, expect, it } from 'vitest';
import type { EnrollmentView } from '../../shared/api-enroll';
import type { RequestEvent } from '../../shared/dto';
import { classifyFile } from '../../shared/phone-identity';
import { statusLine } from '../../renderer/src/enroll/flow';
import { watchPhone, WATCH_SLACK_MS } from '../../renderer/src/enroll/watch';

const MAC = '0004f2e5e001';
const T0 = 1_700_000_000_000;
let id = 1;
function req(at: number, method: string, path: string, status: number, extra: Partial<RequestEvent> = {}): RequestEvent {
  const ok = status >= 200 && status < 400;
  return {
    id: id++,
    time: T0 + at,
    protocol: 'http',
    client: '10.0.0.23',
    method,
    path,
    status,
    ok,
    bytesSent: 0,
    bytesReceived: 0,
    durationMs: 5,
    fileKind: classifyFile(path),
    phone: { mac: MAC, stage: 'Updater' },
    ...extra,
  };
}
const stageStates = (rows: RequestEvent[], now: number, extra = {}) => watchPhone({ startedAt: T0, now: T0 + now, rows, ...extra }).stages.map((s) => `${s.id}:${s.state}`);

/** A full HTTP boot like `provkit simulate`: Updater, firmware, boot log, then the application. */
function fullBoot(): RequestEvent[] {
  const app = { phone: { mac: MAC, stage: 'Application' as const } };
  return [
    req(40_000, 'GET', '/2345-12600-001.bootrom.ld', 404),
    req(40_100, 'GET', `/${MAC}.cfg`, 404),
    req(40_200, 'GET', '/000000000000.cfg', 200, { bytesSent: 4000 }),
    req(41_000, 'GET', '/2345-12600-001.sip.ld', 200, { bytesSent: 30_000_000, durationMs: 60_000 }),
    req(101_500, 'PUT', `/${MAC}-boot.log`, 201, { bytesReceived: 60 }),
    req(160_000, 'GET', `/${MAC}.cfg`, 404, app),
    req(160_100, 'GET', '/000000000000.cfg', 200, app),
    req(160_300, 'GET', `/${MAC}-provkit.cfg`, 200, { ...app, bytesSent: 172 }),
    req(161_000, 'PUT', `/${MAC}-app.log`, 201, app),
  ];
}

describe('watch stages', () => {
  it('waits for contact, then follows the boot to done', () => {
    expect(stageStates([], 10_000)).toEqual(['contact:active', 'config:waiting', 'firmware:waiting', 'reboot:waiting', 'done:waiting']);
    const rows = fullBoot();
    expect(stageStates(rows.slice(0, 1), 40_500)).toEqual(['contact:done', 'config:active', 'firmware:waiting', 'reboot:waiting', 'done:waiting']);
    expect(stageStates(rows.slice(0, 3), 45_000)).toEqual(['contact:done', 'config:done', 'firmware:active', 'reboot:waiting', 'done:waiting']);
    expect(stageStates(rows.slice(0, 5), 120_000)).toEqual(['contact:done', 'config:done', 'firmware:done', 'reboot:active', 'done:waiting']);
    expect(stageStates(rows.slice(0, 7), 160_200)).toEqual(['contact:done', 'config:done', 'firmware:done', 'reboot:done', 'done:active']);
    const w = watchPhone({ startedAt: T0, now: T0 + 999_999, rows });
    expect(w.done).toBe(true);
    expect(w.doneAt).toBe(T0 + 160_300);
    expect(w.elapsedMs).toBe(160_300);
    expect(w.stages[4]!.detail).toContain(`${MAC}-provkit.cfg fetched`);
    expect(w.firmware).toMatchObject({ file: '2345-12600-001.sip.ld', bytes: 30_000_000, finished: true, estimated: false });
    expect(w.firmware!.rate).toBeCloseTo(500_000, -3);
    expect(w.overBudget).toBe(false);
  });

  it('ignores requests from before the restart (older than the slack)', () => {
    const old = req(-WATCH_SLACK_MS - 1, 'GET', `/${MAC}-provkit.cfg`, 200);
    const w = watchPhone({ startedAt: T0, now: T0 + 5000, rows: [old] });
    expect(w.done).toBe(false);
    expect(w.stages[0]!.state).toBe('active');
  });

  it('says the phone keeps its firmware when ProvKit has none (404), and reports a missing master', () => {
    const rows = [req(1000, 'GET', '/000000000000.cfg', 200), req(1100, 'GET', '/sip.ld', 404)];
    expect(watchPhone({ startedAt: T0, now: T0 + 2000, rows }).stages[2]).toMatchObject({ state: 'skipped' });
    const bad = watchPhone({ startedAt: T0, now: T0 + 2000, rows: [req(1000, 'GET', `/${MAC}.cfg`, 404), req(1100, 'GET', '/000000000000.cfg', 404)] });
    expect(bad.stages[1]).toMatchObject({ state: 'failed' });
    expect(bad.stages[1]!.detail).toMatch(/no configuration/);
    expect(statusLine(enrollment({ watchStartedAt: T0 }), bad)).toMatchObject({ tone: 'error' });
  });

  it('estimates the firmware download from the phone’s earlier rate, and prefers a live transfer', () => {
    const rows = [
      req(1000, 'GET', '/2345-12600-001.bootrom.ld', 200, { bytesSent: 1_000_000, durationMs: 1000 }), // 1 MB/s
      req(1010, 'GET', '/2345-12600-001.bootrom.ld', 200, { bytesSent: 2_000_000, durationMs: 20 }), // buffered: not a rate
      req(2100, 'GET', '/000000000000.cfg', 200, { durationMs: 0 }),
    ];
    const firmware = { file: '2345-12600-001.sip.ld', bytes: 10_000_000 };
    const est = watchPhone({ startedAt: T0, now: T0 + 6100, rows, firmware });
    expect(est.stages[2]).toMatchObject({ state: 'active' });
    expect(est.firmware).toMatchObject({ bytes: 4_000_000, total: 10_000_000, estimated: true, etaMs: 6000 });
    const live = watchPhone({ startedAt: T0, now: T0 + 6100, rows, firmware, transfers: [{ client: '10.0.0.23', path: '/2345-12600-001.sip.ld', bytes: 2_500_000, size: 10_000_000, rate: 500_000 }] });
    expect(live.firmware).toMatchObject({ bytes: 2_500_000, total: 10_000_000, estimated: false, etaMs: 15_000 });
    // another client's transfer is not this phone's
    const other = watchPhone({ startedAt: T0, now: T0 + 6100, rows, firmware, transfers: [{ client: '10.0.0.99', path: '/sip.ld', bytes: 1, rate: 1 }] });
    expect(other.firmware!.estimated).toBe(true);
    expect(statusLine(enrollment({ watchStartedAt: T0 }), live).text).toMatch(/^Firmware 25%: downloading/);
  });

  it('detects the reboot over FTP (no User-Agent) from a master fetched after the firmware', () => {
    const ftp = (at: number, path: string, status: number, method = 'RETR') => req(at, method, path, status, { protocol: 'ftp', phone: { mac: MAC } });
    const rows = [ftp(1000, '/000000000000.cfg', 226), ftp(2000, '/sip.ld', 226), ftp(9000, `/${MAC}-boot.log`, 226, 'STOR'), ftp(30_000, '/000000000000.cfg', 226)];
    const w = watchPhone({ startedAt: T0, now: T0 + 31_000, rows });
    expect(w.stages.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'active']);
  });

  it('runs over budget after twenty minutes without done, and lists errors once', () => {
    const rows = [req(1000, 'GET', '/000000000000.cfg', 200), req(2000, 'GET', '/bad.cfg', 403, { error: 'outside the root' }), req(3000, 'GET', '/bad.cfg', 403, { error: 'outside the root' })];
    const w = watchPhone({ startedAt: T0, now: T0 + 20 * 60_000 + 1, rows });
    expect(w.overBudget).toBe(true);
    expect(w.problems).toEqual(['bad.cfg: 403 — outside the root']);
    expect(statusLine(enrollment({ watchStartedAt: T0 }), w)).toMatchObject({ tone: 'error' });
    expect(w.lines).toHaveLength(3);
  });

  it('counts DHCP as contact when no request came yet', () => {
    const w = watchPhone({ startedAt: T0, now: T0 + 5000, rows: [], dhcp: [{ time: T0 + 1000, text: 'ACK 10.0.0.23', ip: '10.0.0.23' }] });
    expect(w.stages[0]).toMatchObject({ state: 'done' });
    expect(w.address).toBe('10.0.0.23');
  });
});

function enrollment(extra: Partial<EnrollmentView>): EnrollmentView {
  return { mac: MAC, vendor: 'polycom', step: 'watch', ticks: [], createdAt: T0, updatedAt: T0, targetHasPassword: false, target: { kind: 'provkit', server: 'http' }, ...extra };
}
