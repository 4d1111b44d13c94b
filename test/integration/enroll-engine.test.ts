/**
 * The enrollment area in a real engine (temp data dir): wizard state survives a restart of the
 * engine (issue #5 item 6), provider passwords are sealed and never sent back, unreadable entries
 * are kept aside, batch adds keep existing state; the automatic path through issue #4's client
 * against a simulated phone that then boots against ProvKit; the firmware a phone will download.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Enrollment } from '../../shared/api-enroll';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const engines: Engine[] = [];
async function open(dataDir?: string): Promise<{ engine: Engine; dataDir: string }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'provkit-enroll-')));
  const engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink, overrides: { http: { bind: '127.0.0.1', port: 0 }, ftp: { bind: '127.0.0.1', port: 0 } } });
  engines.push(engine);
  return { engine, dataDir: dir };
}
afterEach(async () => {
  await stopSimPhones();
  await Promise.all(engines.splice(0).map((e) => e.close()));
});
afterAll(async () => stopSimPhones());

const base = (mac: string, extra: Partial<Enrollment> = {}): Enrollment => ({ mac, vendor: 'polycom', step: 'target', ticks: [], ...extra });

describe('wizard state in the engine', () => {
  it('survives closing and reopening the engine, with the provider password sealed', async () => {
    const { engine, dataDir } = await open();
    const events: unknown[] = [];
    engine.onEvent((event, payload) => event === 'enrollment' && events.push(payload));
    const target = { kind: 'provider' as const, name: 'MegaPath', type: 'http' as const, server: '72.245.184.168/mpv', user: 'site7' };
    const saved = await engine.handlers.saveEnrollment({
      enrollment: base('0004f2e5e001', { target, step: 'keys', path: 'boot', ticks: ['b-replug', 'b-loading'], model: 'SPIP650', thirdParty: true, resetDone: true }),
      targetPassword: 'S3cret-Provider-Pw',
    });
    expect(saved).toMatchObject({ mac: '0004f2e5e001', step: 'keys', targetHasPassword: true });
    expect(JSON.stringify(saved)).not.toContain('S3cret');
    expect(events).toHaveLength(1);
    const file = await readFile(join(dataDir, 'enrollments.json'), 'utf8');
    expect(file).toContain('72.245.184.168/mpv');
    expect(file).not.toContain('S3cret-Provider-Pw');
    await engine.close();
    engines.length = 0;

    const again = (await open(dataDir)).engine;
    const list = await again.handlers.listEnrollments({});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ step: 'keys', path: 'boot', ticks: ['b-replug', 'b-loading'], target, targetHasPassword: true, createdAt: saved.createdAt });
    expect(again.enrollments.targetPassword('0004f2e5e001')).toBe('S3cret-Provider-Pw');
    // A later save without a password keeps it; clearTargetPassword forgets it.
    await again.handlers.saveEnrollment({ enrollment: base('0004f2e5e001', { target }) });
    expect(again.enrollments.targetPassword('0004f2e5e001')).toBe('S3cret-Provider-Pw');
    expect((await again.handlers.saveEnrollment({ enrollment: base('0004f2e5e001', { target }), clearTargetPassword: true })).targetHasPassword).toBe(false);
  });

  it('adds a list without resetting phones already in progress, unless asked', async () => {
    const { engine } = await open();
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e001', { step: 'watch', watchStartedAt: 123 }) });
    const added = await engine.handlers.addEnrollments({ enrollments: [base('0004f2e5e001'), base('0004f2e5e002')] });
    expect(added.map((a) => [a.mac, a.step])).toEqual([
      ['0004f2e5e001', 'watch'],
      ['0004f2e5e002', 'target'],
    ]);
    const replaced = await engine.handlers.addEnrollments({ enrollments: [base('0004f2e5e001')], replace: true });
    expect(replaced[0]!.step).toBe('target');
    expect(await engine.handlers.removeEnrollment({ mac: '0004f2e5e002' })).toEqual({ removed: true });
    expect((await engine.handlers.listEnrollments({})).map((e) => e.mac)).toEqual(['0004f2e5e001']);
  });

  it('sets aside entries it cannot read and keeps them in the file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'provkit-enroll-'));
    const good = { ...base('0004f2e5e001'), createdAt: 1, updatedAt: 2 };
    const bad = { mac: 'not-a-mac', vendor: 'polycom', step: 'target', ticks: [], createdAt: 1, updatedAt: 1 };
    await writeFile(join(dataDir, 'enrollments.json'), JSON.stringify({ version: 1, enrollments: [good, bad] }));
    const { engine } = await open(dataDir);
    expect((await engine.handlers.listEnrollments({})).map((e) => e.mac)).toEqual(['0004f2e5e001']);
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e002') });
    const file = JSON.parse(await readFile(join(dataDir, 'enrollments.json'), 'utf8'));
    expect(file.unreadable).toEqual([bad]);
    expect(file.enrollments).toHaveLength(2);
  });

  it('refuses a state that does not match the contract (through the transport’s validation)', async () => {
    const { parseRequestArgs } = await import('../../shared/api');
    expect(() => parseRequestArgs('saveEnrollment', { enrollment: { ...base('0004f2e5e001'), target: { kind: 'provider', type: 'http', server: 'a b' } } })).toThrow(/no spaces/);
    expect(() => parseRequestArgs('saveEnrollment', { enrollment: { ...base('0004F2E5E001') } })).toThrow(/12 lowercase hex/);
  });
});

describe('firmware the phone will download', () => {
  it('follows the master’s APP_FILE_PATH for the model and sizes the file', async () => {
    const { engine } = await open();
    const none = await engine.handlers.getEnrollFirmware({ mac: '0004f2e5e001', model: 'SPIP650' });
    expect(none).toEqual({ file: '2345-12600-001.sip.ld' });
    await mkdir(engine.provisioningRoot, { recursive: true });
    await writeFile(join(engine.provisioningRoot, '2345-12600-001.sip.ld'), Buffer.alloc(123_456));
    expect(await engine.handlers.getEnrollFirmware({ mac: '0004f2e5e001', model: 'SPIP650' })).toEqual({ file: '2345-12600-001.sip.ld', bytes: 123_456 });
    await writeFile(join(engine.provisioningRoot, '0004f2e5e001.cfg'), '<APPLICATION APP_FILE_PATH="http://other/sip.ld" CONFIG_FILES=""/>');
    expect(await engine.handlers.getEnrollFirmware({ mac: '0004f2e5e001' })).toBeNull();
  });
});

describe('automatic path (issue #4 client)', () => {
  it('sets the boot server on a simulated phone, reboots it, and its boot reaches ProvKit', async () => {
    const { engine } = await open();
    expect(await engine.handlers.getEnrollCapabilities({})).toEqual({ automatic: { available: true } });
    const http = await engine.servers.http.start();
    const sim = await startSimPhone({ dialect: 'legacy', mac: '0004f2e5e0a1' });
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e0a1', { target: { kind: 'provkit', server: 'http' }, path: 'automatic', phoneHost: `127.0.0.1:${sim.port}`, step: 'keys' }) });
    const before = Date.now();
    const r = await engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0a1' });
    expect(r.enrollment).toMatchObject({ step: 'watch', path: 'automatic' });
    expect(r.enrollment.watchStartedAt).toBeGreaterThanOrEqual(before);
    expect(r.steps.join('\n')).toMatch(/read back: HTTP 127\.0\.0\.1:\d+, boot server static/);
    // The phone's boot shows up in the timeline the watch follows.
    const deadline = Date.now() + 15_000;
    let paths: string[] = [];
    while (Date.now() < deadline) {
      paths = (await engine.handlers.getTimeline({ mac: '0004f2e5e0a1' })).filter((e) => e.time >= before).map((e) => e.path);
      if (paths.includes('/0004f2e5e0a1-app.log')) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(paths).toEqual(expect.arrayContaining(['/0004f2e5e0a1.cfg', '/0004f2e5e0a1-provkit.cfg', '/0004f2e5e0a1-app.log']));
    expect(http.url).toBeDefined();
  });

  it('stops with the phone’s own error and claims nothing: no address, wrong password, HTTPS-only phone over HTTP', async () => {
    const { engine } = await open();
    await engine.servers.http.start();
    const keys = (mac: string, extra: Partial<Enrollment> = {}) => engine.handlers.saveEnrollment({ enrollment: base(mac, { target: { kind: 'provkit', server: 'http' }, path: 'automatic', step: 'keys', ...extra }) });
    // No address typed, never seen on the network.
    await keys('0004f2e5e0b1');
    await expect(engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0b1' })).rejects.toMatchObject({ code: 'NO_ADDRESS', fix: expect.stringMatching(/Type the phone’s address/) });
    expect(engine.enrollments.get('0004f2e5e0b1')).toMatchObject({ step: 'keys' });
    expect(engine.enrollments.get('0004f2e5e0b1')!.watchStartedAt).toBeUndefined();
    // Wrong admin password (the phone's is not 456): the phone refuses, nothing changes on it.
    const locked = await startSimPhone({ dialect: 'ucs6', mac: '0004f2e5e0b2', password: 'S3cure-991' });
    await keys('0004f2e5e0b2', { phoneHost: `127.0.0.1:${locked.port}` });
    await expect(engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0b2' })).rejects.toMatchObject({ code: 'WRONG_PASSWORD', message: expect.stringMatching(/refused the admin password/) });
    const failed = engine.enrollments.get('0004f2e5e0b2')!;
    expect(failed).toMatchObject({ step: 'keys', automatic: { outcome: 'failed', error: { code: 'WRONG_PASSWORD' } } });
    expect(failed.watchStartedAt).toBeUndefined();
    expect(locked.phone.params['device.prov.serverName'] ?? '').not.toMatch(/127\.0\.0\.1/);
    // The right password typed in the wizard, used once: the phone accepts, reads back, restarts.
    const ok = await engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0b2', adminPassword: 'S3cure-991' });
    expect(ok.enrollment).toMatchObject({ step: 'watch', automatic: { outcome: 'restarted', readBack: expect.stringMatching(/^HTTP 127\.0\.0\.1:\d+, boot server static$/) } });
    expect(engine.phones.credentials.passwordsFor(undefined).map((p) => p.password)).not.toContain('S3cure-991');
    // An HTTPS-only phone reached as host:port (no scheme): stops with the phone's error and the https:// hint.
    const tls = await startSimPhone({ dialect: 'ucs6', mac: '0004f2e5e0b3' }, { https: 'modern' });
    await keys('0004f2e5e0b3', { phoneHost: `127.0.0.1:${tls.port}` });
    const err = await engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0b3' }).catch((e: unknown) => e as { code: string; message: string; fix: string });
    expect(err).toMatchObject({ fix: expect.stringContaining(`https://127.0.0.1:${tls.port}`) });
    expect(engine.enrollments.get('0004f2e5e0b3')).toMatchObject({ step: 'keys', automatic: { outcome: 'failed' } });
    // The scheme typed is kept: https:// reaches it; the password is kept in the store when asked.
    await keys('0004f2e5e0b3', { phoneHost: `https://127.0.0.1:${tls.port}/` });
    const viaTls = await engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0b3', adminPassword: '456', rememberPassword: true });
    expect(viaTls.enrollment).toMatchObject({ step: 'watch', automatic: { outcome: 'restarted' } });
    expect(viaTls.steps.join('\n')).toMatch(/reboot accepted/);
    expect(engine.phones.credentials.passwordsFor(undefined).map((p) => p.password)).toContain('456');
  });

  it('a provider target is done only when the phone reads back the provider and reports a registered line', async () => {
    const { engine } = await open();
    // The "provider": a closed loopback port (the phone's boot there fails; nothing leaves the machine).
    const target = { kind: 'provider' as const, name: 'Test provider', type: 'http' as const, server: '127.0.0.1:9/mpv' };
    const pw = 'Rest-Admin-7';
    // After the reboot the phone is away for a moment: check again until it answers (bounded).
    const verifyWhenBack = async (mac: string, adminPassword?: string) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await engine.handlers.verifyEnrollment({ mac, ...(adminPassword ? { adminPassword } : {}) });
        if (!/Cannot reach|did not answer/.test(r.enrollment.verification?.reason ?? '') || Date.now() > deadline) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    const registered = await startSimPhone({ dialect: 'rest', mac: '0004f2e5e0c1', password: pw, lineRegistered: true, params: { 'reg.1.address': '6000', 'reg.1.label': '6000' } });
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e0c1', { target, path: 'automatic', step: 'keys', phoneHost: `127.0.0.1:${registered.port}` }) });
    // Before the change: the phone reads back something else — not verified, and why.
    const before = await engine.handlers.verifyEnrollment({ mac: '0004f2e5e0c1', adminPassword: pw });
    expect(before.enrollment.verification).toMatchObject({ outcome: 'not-verified', reason: expect.stringMatching(/not HTTP 127\.0\.0\.1:9\/mpv/) });
    expect(before.enrollment.doneAt).toBeUndefined();
    await engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0c1', adminPassword: pw });
    const after = await verifyWhenBack('0004f2e5e0c1', pw);
    expect(after.enrollment.verification).toEqual({ at: expect.any(Number), outcome: 'verified', readBack: 'HTTP 127.0.0.1:9/mpv', lines: ['line 1 (6000): registered'] });
    expect(after.enrollment.doneAt).toBe(after.enrollment.verification!.at);

    // Same phone, line not registered: read back right, still not verified.
    const unregistered = await startSimPhone({ dialect: 'rest', mac: '0004f2e5e0c2', password: pw, params: { 'reg.1.address': '6001' } });
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e0c2', { target, path: 'automatic', step: 'keys', phoneHost: `127.0.0.1:${unregistered.port}` }) });
    await engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0c2', adminPassword: pw });
    const notReg = await verifyWhenBack('0004f2e5e0c2', pw);
    expect(notReg.enrollment.verification).toMatchObject({ outcome: 'not-verified', readBack: 'HTTP 127.0.0.1:9/mpv', lines: ['line 1 (6001): unregistered'], reason: expect.stringMatching(/no line is registered.*Look at the phone/) });
    expect(notReg.enrollment.doneAt).toBeUndefined();

    // A web-UI-only phone (REST off): the line state cannot be read — not verified, never done.
    const webOnly = await startSimPhone({ dialect: 'ucs6', mac: '0004f2e5e0c3' });
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e0c3', { target, path: 'automatic', step: 'keys', phoneHost: `127.0.0.1:${webOnly.port}` }) });
    await engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0c3' });
    const web = await verifyWhenBack('0004f2e5e0c3');
    expect(web.enrollment.verification).toMatchObject({ outcome: 'not-verified', reason: expect.stringMatching(/REST API is off.*Look at the phone/) });
    expect(web.enrollment.doneAt).toBeUndefined();
  });

  it('explains why it cannot run: no target, server down', async () => {
    const { engine } = await open();
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e0a2') });
    await expect(engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0a2' })).rejects.toMatchObject({ code: 'NO_TARGET' });
    await engine.handlers.saveEnrollment({ enrollment: base('0004f2e5e0a2', { target: { kind: 'provkit', server: 'ftp' } }) });
    await expect(engine.handlers.runEnrollAutomatic({ mac: '0004f2e5e0a2' })).rejects.toMatchObject({ code: 'SERVER_DOWN', fix: expect.stringMatching(/Servers page/) });
  });
});
