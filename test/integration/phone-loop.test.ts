/**
 * The whole loop (acceptance): a real ProvKit engine (Engine.create in a temp dir, HTTP
 * and FTP servers on port 0), simulated phones of each web dialect; "set boot server" points a
 * phone at ProvKit, the read-back verifies it, the reboot is sent, the phone goes away and comes
 * back, and its boot appears in the engine's request log / timeline. Also: SIP check-sync makes a
 * phone re-read its configuration from ProvKit; a batch with a failing phone, then its retry after
 * the site's password is added; actions seen as events; admin passwords never leave in clear.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneActionProgress, PhoneBatch } from '../../shared/api-phones';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { endpointOf, startSimPhone, stopSimPhones } from '../helpers/sim-phones';

let engine: Engine;
let httpPort: number;
let ftpPort: number;
const events: Array<{ event: string; payload: unknown }> = [];

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'provkit-loop-'));
  engine = await Engine.create({
    dataDir,
    mode: 'headless',
    logSink: silentSink,
    overrides: { http: { bind: '127.0.0.1', port: 0 }, ftp: { bind: '127.0.0.1', port: 0, pasvMin: 31000, pasvMax: 31100 } },
  });
  httpPort = (await engine.servers.http.start()).boundPort!;
  ftpPort = (await engine.servers.ftp.start()).boundPort!;
  engine.phones.timing = { pollMs: 50, downTimeoutMs: 5000, upTimeoutMs: 10_000, bootTimeoutMs: 10_000 };
  engine.onEvent((event, payload) => events.push({ event, payload }));
});

afterAll(async () => {
  await stopSimPhones();
  await engine?.close();
});

describe('set boot server → reboot → boot seen in the timeline', () => {
  it.each([
    { dialect: 'ucs6' as const, https: 'modern' as const, type: 'http' as const, mac: '0004f2c10001' },
    { dialect: 'legacy' as const, type: 'ftp' as const, mac: '0004f2c10002' },
    { dialect: 'rest' as const, type: 'http' as const, mac: '0004f2c10003', password: 'Adm1nPw' },
  ])('$dialect phone over $type', async ({ dialect, https, type, mac, password }) => {
    const sim = await startSimPhone({ dialect, mac, ...(password ? { password } : {}) }, https ? { https } : {});
    if (password) await engine.handlers.addPhoneCredential({ site: 'default', password });
    const server = `127.0.0.1:${type === 'http' ? httpPort : ftpPort}`;
    const before = Date.now();
    const res = await engine.handlers.phoneSetBootServer({
      target: endpointOf(sim),
      settings: { type, server, ...(type === 'ftp' ? { user: 'PlcmSpIp', password: 'PlcmSpIp' } : {}) },
    });
    expect(res.progress.error, JSON.stringify(res.progress.error)).toBeUndefined();
    expect(res.progress.state).toBe('ok');
    expect(res.provisioning).toMatchObject({ serverType: type, serverName: server, bootServer: 'static' });
    const verified = res.progress.verified!.join('\n');
    expect(verified).toMatch(new RegExp(`read back: ${type.toUpperCase()} 127\\.0\\.0\\.1:\\d+, boot server static`));
    expect(verified).toMatch(/went away and answered again/);
    expect(verified).toMatch(/booted against ProvKit: \d+ request\(s\)/);
    // The boot is in the #2 timeline, after the reboot was sent, over the protocol that was set.
    const timeline = await engine.handlers.getTimeline({ mac });
    const boot = timeline.filter((e) => e.time >= before);
    expect(boot.length).toBeGreaterThanOrEqual(10);
    expect(boot.every((e) => e.protocol === type)).toBe(true);
    expect(boot.map((e) => e.path)).toEqual(expect.arrayContaining([`/${mac}.cfg`, `/${mac}-boot.log`, `/${mac}-app.log`]));
    expect(sim.boots.at(-1)).toMatchObject({ ok: true, mac });
    // Progress went out as events, ending in ok.
    const rows = events.filter((e) => e.event === 'phoneAction').map((e) => e.payload as PhoneActionProgress).filter((r) => r.actionId === res.progress.actionId);
    expect(rows.map((r) => r.state)).toEqual(expect.arrayContaining(['running', 'waiting', 'ok']));
    expect(rows.at(-1)!.state).toBe('ok');
    // The phone is remembered with its MAC, model and dialect.
    expect((await engine.handlers.listWebPhones({})).find((p) => p.mac === mac)).toMatchObject({ dialect, port: sim.port });
  });

  it('reports NOT_VERIFIED when the phone reboots but its boot never reaches ProvKit', async () => {
    // A phone that cannot reach the server it was given (a firewall, another VLAN): it restarts, boots nowhere.
    const sim = await startSimPhone({ dialect: 'legacy', mac: '0004f2c10009', bootOnReboot: false });
    engine.phones.timing = { ...engine.phones.timing, bootTimeoutMs: 1500 };
    try {
      const res = await engine.handlers.phoneSetBootServer({ target: endpointOf(sim), settings: { type: 'http', server: `127.0.0.1:${httpPort}` } });
      expect(res.progress.state).toBe('failed');
      expect(res.progress.error).toMatchObject({ code: 'NOT_VERIFIED', message: expect.stringMatching(/no request from it reached ProvKit/) });
      expect(res.progress.error!.fix).toMatch(/Servers page/);
      expect(sim.rebootCount).toBe(1);
    } finally {
      engine.phones.timing = { ...engine.phones.timing, bootTimeoutMs: 10_000 };
    }
  });
});

describe('SIP check-sync', () => {
  it('the phone answers 200 and re-reads its configuration from ProvKit', async () => {
    const mac = '0004f2c10004';
    const sim = await startSimPhone({ dialect: 'legacy', mac, params: { 'device.prov.serverType': '2', 'device.prov.serverName': `127.0.0.1:${httpPort}` } }, { sipPort: 0 });
    await engine.handlers.phoneInfo({ target: endpointOf(sim) }); // known address → MAC
    const before = Date.now();
    const res = await engine.handlers.phoneCheckSync({ target: { host: '127.0.0.1', port: sim.port }, sipPort: sim.sipPort! });
    expect(res.progress.state, JSON.stringify(res.progress.error)).toBe('ok');
    expect(res.progress.verified!.join('\n')).toMatch(/SIP 200 OK in \d+ ms[\s\S]*fetched \d+ file\(s\) from ProvKit/);
    expect(engine.requestLog.timeline(mac).filter((e) => e.time >= before).map((e) => e.path)).toContain(`/${mac}.cfg`);
  });

  it('nothing listening for SIP: UNREACHABLE with the port to check', async () => {
    const res = await engine.handlers.phoneCheckSync({ target: { host: '127.0.0.1' }, sipPort: 9 });
    expect(res.progress.state).toBe('failed');
    expect(res.progress.error).toMatchObject({ code: 'UNREACHABLE' });
    expect(res.progress.error!.fix).toMatch(/5060/);
  });
});

describe('batch', () => {
  it('reboots five phones, one with an unknown password fails; retry succeeds once the password is added', async () => {
    const sims = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => startSimPhone({ dialect: 'legacy', mac: `0004f2c200${String(i).padStart(2, '0')}`, ...(i === 4 ? { password: 'Branch4!' } : {}) })),
    );
    const started = await engine.handlers.phoneBatchRun({ action: 'reboot', targets: sims.map(endpointOf), concurrency: 3 });
    expect(started.total).toBe(5);
    const done = await engine.phones.batches.settled(started.batchId);
    expect(done).toMatchObject({ ok: 4, failed: 1, state: 'done' });
    const failed = done.rows.find((r) => r.state === 'failed')!;
    expect(failed.target).toBe(`127.0.0.1:${sims[3]!.port}`);
    expect(failed.error).toMatchObject({ code: 'WRONG_PASSWORD' });
    for (const r of done.rows.filter((x) => x.state === 'ok')) expect(r.verified!.join(' ')).toMatch(/went away and answered again/);
    expect(sims.map((s) => s.rebootCount)).toEqual([1, 1, 1, 0, 1]);

    const site = await engine.handlers.addPhoneCredential({ site: 'default', password: 'Branch4!' });
    expect(JSON.stringify(site)).not.toContain('Branch4!');
    expect(JSON.stringify(await engine.handlers.listPhoneCredentials({}))).not.toContain('Branch4!');
    await engine.handlers.phoneBatchRetry({ batchId: started.batchId });
    const again = await engine.phones.batches.settled(started.batchId);
    expect(again).toMatchObject({ ok: 5, failed: 0 });
    expect(sims.map((s) => s.rebootCount)).toEqual([1, 1, 1, 1, 1]);
    const summaries = events.filter((e) => e.event === 'phoneBatch').map((e) => e.payload as PhoneBatch).filter((b) => b.batchId === started.batchId);
    expect(summaries.some((b) => b.state === 'done' && b.failed === 1)).toBe(true);
    expect(summaries.at(-1)).toMatchObject({ state: 'done', ok: 5 });
  });

  it('a batch factory reset needs the typed confirmation, and resets only the MAC selected', async () => {
    const a = await startSimPhone({ dialect: 'ucs6', mac: '0004f2c30001', password: 'Site1!' });
    const b = await startSimPhone({ dialect: 'ucs6', mac: '0004f2c30002', password: 'Site1!' });
    await engine.handlers.addPhoneCredential({ site: 'branch', password: 'Site1!' });
    await expect(engine.handlers.phoneBatchRun({ action: 'factoryReset', targets: [endpointOf(a)], site: 'branch' })).rejects.toMatchObject({ code: 'PHONE_REFUSED' });
    const started = await engine.handlers.phoneBatchRun({
      action: 'factoryReset',
      site: 'branch',
      confirm: 'RESET 2 PHONES',
      targets: [
        { ...endpointOf(a), mac: a.phone.mac },
        { ...endpointOf(b), mac: '0004f2c3ffff' }, // the technician selected another phone at that address
      ],
    });
    const done = await engine.phones.batches.settled(started.batchId);
    expect(done.rows.map((r) => r.state)).toEqual(['ok', 'failed']);
    expect(done.rows[0]!.verified!.join(' ')).toMatch(/accepts the factory admin password 456/);
    expect(done.rows[1]!.error!.message).toMatch(/not the one confirmed/);
    expect(a.phone.password).toBe('456');
    expect(b.phone.password).toBe('Site1!');
  });
});
