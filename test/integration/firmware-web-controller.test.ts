/**
 * The upgrade queue driving phones through their web UI (with the
 * client): a real engine (HTTP server on loopback), simulated Polycom web servers that flash the
 * image they download. The queue logs in with the site's admin password (engine secrets), points
 * the phone at the bench server (read back), reboots it; the phone downloads, flashes, boots again
 * on the new version, and the queue verifies it. Client errors (wrong password, nothing listening)
 * become the phone's failure reason with the client's fix sentence; a wrong password is not retried.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINISHED_STATES, type QueuePhone } from '../../shared/firmware-dto';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { writePackageFolder } from '../helpers/firmware';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const TARGET = '5.9.6.2327';
let dir: string;
let engine: Engine;
let bench: string;

async function finished(mac: string, ms = 30_000): Promise<QueuePhone> {
  const end = Date.now() + ms;
  for (;;) {
    const p = engine.firmware.queue.state.phones.find((x) => x.mac === mac);
    if (p && FINISHED_STATES.includes(p.state)) return p;
    if (Date.now() > end) throw new Error(`${mac} not finished: ${p?.state} ${JSON.stringify(p?.history.slice(-4))}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pk-fwweb-'));
  engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink, overrides: { http: { bind: '127.0.0.1', port: 0 } } });
  const port = (await engine.servers.http.start()).boundPort!;
  bench = `http://127.0.0.1:${port}/`;
  await engine.handlers.firmwareImport({ path: await writePackageFolder(dir, 'pkg', TARGET, ['VVX400', 'VVX310'], 256 * 1024) });
  await engine.handlers.addPhoneCredential({ site: 'bench', password: 'B3nchPw' });
  await engine.handlers.firmwareQueueConfigure({ serverUrl: bench, stepTimeoutMs: 20_000, retries: 1, site: 'bench' });
}, 30_000);

afterAll(async () => {
  await stopSimPhones();
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('upgrade queue with the web controller', () => {
  it('points a UC 6 phone at the bench server, reboots it, and verifies the new version', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', mac: '0004f2f10001', model: 'VVX400', appVersion: '5.4.3.2036', password: 'B3nchPw', flashFirmware: true });
    await engine.handlers.firmwareQueueConfigure({ controller: 'web' });
    expect((await engine.handlers.firmwareQueue({})).controller).toBe('web');
    const r = await engine.handlers.firmwareQueueAdd({ phones: [{ mac: '0004f2f10001', model: 'VVX400', current: '5.4.3.2036', host: `127.0.0.1:${sim.port}` }] });
    expect(r.refused).toEqual([]);
    const p = await finished('0004f2f10001');
    expect(p.state, p.reason).toBe('done');
    expect(p.verified).toBe(true);
    expect(p.reported).toBe(TARGET);
    expect(p.history.map((h) => h.state)).toEqual(expect.arrayContaining(['pointing', 'rebooting', 'downloading', 'flashing', 'verifying', 'done']));
    // The phone really was pointed (Boot Server = Static, Tag SN to UA) and really flashed.
    expect(sim.phone.params['device.prov.serverName']).toBe(bench.replace(/^http:\/\/|\/$/g, ''));
    expect(sim.phone.params['device.prov.serverType']).toBe('2');
    expect(sim.phone.params['device.dhcp.bootSrvUseOpt']).toBe('2');
    expect(sim.phone.params['device.prov.tagSerialNo']).toBe('1');
    expect(sim.phone.appVersion).toBe(TARGET);
    expect(sim.rebootCount).toBe(1);
    // Its download went through the repository (the whole image, once).
    const timeline = await engine.handlers.getTimeline({ mac: '0004f2f10001' });
    expect(timeline.filter((e) => /3111-46157-002\.sip\.ld$/.test(e.path) && e.method === 'GET' && e.bytesSent === 256 * 1024)).toHaveLength(1);
  }, 40_000);

  it('a wrong admin password fails the phone at once with the client\u2019s fix; other phones stay manual', async () => {
    await engine.handlers.firmwareQueueConfigure({ controller: 'manual' });
    const sim = await startSimPhone({ dialect: 'legacy', mac: '0004f2f10002', model: 'VVX310', appVersion: '5.4.3.2036', password: 'S0methingElse' });
    const r = await engine.handlers.firmwareQueueAdd({
      phones: [
        { mac: '0004f2f10002', model: 'VVX310', current: '5.4.3.2036', host: `127.0.0.1:${sim.port}`, control: 'web' },
        { mac: '0004f2f10003', model: 'VVX310', current: '5.4.3.2036' },
      ],
    });
    expect(r.added.map((a) => a.control)).toEqual(['web', undefined]);
    const p = await finished('0004f2f10002');
    expect(p.state).toBe('failed');
    expect(p.reason).toMatch(/refused the admin password/);
    expect(p.reason).toMatch(/Add the phone.s admin password under Phones › Admin passwords/);
    expect(p.history.some((h) => /attempt 1 failed/.test(h.note))).toBe(false); // not retried: no lockout
    expect(sim.phone.locked).toBe(false);
    expect(sim.rebootCount).toBe(0);
    // The manual phone waits for its first request instead.
    const manual = engine.firmware.queue.state.phones.find((x) => x.mac === '0004f2f10003')!;
    expect(manual.state).toBe('rebooting');
    expect(manual.history.at(-1)!.note).toMatch(/waiting for the phone's first request/);
    // ProvKit did not point or reboot it: the note says what the technician must do instead.
    expect(manual.history.at(-1)!.note).toMatch(/ProvKit does not drive this phone: On 0004f2f10003: Settings › Provisioning Server: server http:\/\/127\.0\.0\.1:\d+\/, Boot Server = Static, save/);
    expect(manual.history.some((h) => /pointed at the bench server/.test(h.note))).toBe(false);
    expect(manual.state).not.toBe('pointing');
  }, 40_000);

  it('a phone whose web server does not answer fails after its retry with the reason and what to do', async () => {
    await engine.handlers.firmwareQueueConfigure({ controller: 'web' });
    await engine.handlers.firmwareQueueAdd({ phones: [{ mac: '0004f2f10004', model: 'VVX400', current: '5.4.3.2036', host: '127.0.0.1:1' }] });
    // The retry waits for the phone to answer again; it never does, so it starts after the step timeout (20 s).
    const p = await finished('0004f2f10004', 60_000);
    expect(p.state).toBe('failed');
    expect(p.reason).toMatch(/could not point the phone at the bench server: Cannot reach 127\.0\.0\.1:1/);
    expect(p.reason).toMatch(/Check the address/);
    expect(p.history.some((h) => /attempt 1 failed/.test(h.note))).toBe(true);
    expect(p.history.some((h) => /did not answer within 20 s; trying anyway/.test(h.note))).toBe(true);
    expect(p.attempts!.map((a) => a.outcome)).toEqual(['failed', 'failed']);
  }, 80_000);
});
