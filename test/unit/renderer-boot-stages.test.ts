import { describe, expect, it } from 'vitest';
import { bootStages, BOOT_GAP_MS, latestBootRows } from '../../renderer/src/timeline/boot-stages';
import { requestTone } from '../../renderer/src/timeline/status-tone';
import { request } from './renderer-fake-client';
import type { RequestEvent } from '../../shared/dto';

const M = '0004f2aabbcc';
const T0 = 1_700_000_000_000;
const r = (extra: Partial<RequestEvent>) => request(M, extra);
const stateOf = (rows: RequestEvent[]) => Object.fromEntries(bootStages(rows).map((s) => [s.id, s.state]));

describe('boot stages', () => {
  it('a full successful boot is done at every stage', () => {
    const rows = [
      r({ path: '/bootrom.ld', fileKind: 'bootrom' }),
      r({ path: `/${M}.cfg`, fileKind: 'master-config' }),
      r({ path: '/sip.ld', fileKind: 'firmware' }),
      r({ path: '/site.cfg', fileKind: 'config' }),
      r({ path: `/${M}-phone.cfg`, fileKind: 'override', ok: false, status: 404 }),
      r({ path: `/${M}-boot.log`, fileKind: 'log', method: 'PUT', bytesReceived: 900, bytesSent: 0, status: 201 }),
    ];
    expect(stateOf(rows)).toEqual({ bootrom: 'done', master: 'done', firmware: 'done', configs: 'done', logs: 'done' });
    expect(bootStages(rows).find((s) => s.id === 'configs')?.detail).toBe('1 file received, 1 optional missing');
  });

  it('shows how far a phone got when the firmware download fails', () => {
    const rows = [
      r({ path: `/${M}.cfg`, fileKind: 'master-config' }),
      r({ path: '/3111-46157-002.sip.ld', fileKind: 'firmware', ok: false, status: 403, error: 'Permission denied' }),
    ];
    expect(stateOf(rows)).toEqual({ bootrom: 'waiting', master: 'done', firmware: 'failed', configs: 'waiting', logs: 'waiting' });
    expect(bootStages(rows)[2]!.detail).toBe('3111-46157-002.sip.ld: 403');
  });

  it('a missing firmware or BootROM image is a warning: the phone keeps its own', () => {
    const rows = [
      r({ path: '/bootrom.ld', fileKind: 'bootrom', ok: false, status: 404 }),
      r({ path: '/sip.ld', fileKind: 'firmware', ok: false, status: 550, protocol: 'ftp', method: 'RETR' }),
    ];
    expect(stateOf(rows)).toMatchObject({ bootrom: 'warn', firmware: 'warn' });
    expect(bootStages(rows)[2]!.detail).toBe('sip.ld not provided (550); the phone keeps its own');
  });

  it('warns when only the default master config was served', () => {
    const rows = [
      r({ path: `/${M}.cfg`, fileKind: 'master-config', ok: false, status: 404 }),
      r({ path: '/000000000000.cfg', fileKind: 'default-master-config' }),
    ];
    const master = bootStages(rows)[1]!;
    expect(master.state).toBe('warn');
    expect(master.detail).toContain('default');
  });

  it('marks refused log uploads as failed', () => {
    const rows = [r({ path: `/${M}-app.log`, fileKind: 'log', method: 'STOR', protocol: 'ftp', ok: false, status: 550 })];
    expect(bootStages(rows)[4]).toMatchObject({ state: 'failed', detail: 'upload refused (550)' });
  });

  it('a failing required config makes the configs stage warn or fail', () => {
    const ok = r({ path: '/site.cfg', fileKind: 'config' });
    const bad = r({ path: '/features.cfg', fileKind: 'config', ok: false, status: 404 });
    expect(bootStages([ok, bad])[3]!.state).toBe('warn');
    expect(bootStages([bad])[3]!.state).toBe('failed');
  });

  it('latestBootRows starts after a long silence or an Application → Updater reboot', () => {
    const a = r({ time: T0, phone: { mac: M, stage: 'Application' } });
    const b = r({ time: T0 + 1000, phone: { mac: M, stage: 'Updater' } });
    const c = r({ time: T0 + 2000, phone: { mac: M, stage: 'Updater' } });
    expect(latestBootRows([a, b, c])).toEqual([b, c]);
    const d = r({ time: c.time + BOOT_GAP_MS + 1 });
    expect(latestBootRows([a, b, c, d])).toEqual([d]);
    expect(latestBootRows([])).toEqual([]);
  });
});

describe('request tone', () => {
  it('treats a missing optional file or image as a warning, other failures as errors', () => {
    expect(requestTone(r({ fileKind: 'override', ok: false, status: 404 }))).toBe('warn');
    expect(requestTone(r({ fileKind: 'directory', ok: false, status: 550, protocol: 'ftp' }))).toBe('warn');
    expect(requestTone(r({ fileKind: 'firmware', ok: false, status: 404 }))).toBe('warn');
    expect(requestTone(r({ fileKind: 'firmware', ok: false, status: 500 }))).toBe('error');
    expect(requestTone(r({ fileKind: 'other', ok: false, status: 404 }))).toBe('error');
    expect(requestTone(r({ fileKind: 'config', ok: false, status: 403 }))).toBe('error');
    expect(requestTone(r({ fileKind: 'override', ok: false, status: 403, method: 'PUT' }))).toBe('error');
    expect(requestTone(r({ fileKind: 'firmware', ok: true, status: 200 }))).toBe('ok');
  });
});

describe('configs stage counts files, not requests', () => {
  it('uses the latest outcome of each path', () => {
    const rows = [
      r({ path: '/site.cfg', fileKind: 'config' }),
      r({ path: '/site.cfg', fileKind: 'config' }),
      r({ path: '/features.cfg', fileKind: 'config', ok: false, status: 404 }),
      r({ path: '/features.cfg', fileKind: 'config' }),
      r({ path: `/${M}-calls.xml`, fileKind: 'call-list', ok: false, status: 404 }),
      r({ path: `/${M}-calls.xml`, fileKind: 'call-list', ok: false, status: 404 }),
    ];
    expect(bootStages(rows)[3]).toMatchObject({ state: 'done', detail: '2 files received, 1 optional missing' });
  });
});
