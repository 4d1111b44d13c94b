/**
 * Versions in the repository as the queue uses them: the served version per model is the queue's
 * default target and can be chosen; a version can be deleted (not while a queued phone needs it);
 * a downgrade is refused with its reason until confirmed, while the AltiGen route (up to 4.0.8.x,
 * then down to 4.0.4) needs no confirmation.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { writePackageFolder } from '../helpers/firmware';

let dir: string;
let engine: Engine;
const logged: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pk-fwver-'));
  engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: (r) => void logged.push(r.message), overrides: { http: { bind: '127.0.0.1', port: 0 } } });
  const h = engine.handlers;
  await h.firmwareImport({ path: await writePackageFolder(dir, 'a', '5.8.0.13337', ['VVX400'], 4096) });
  await h.firmwareImport({ path: await writePackageFolder(dir, 'b', '5.9.6.2327', ['VVX400'], 4096) });
  await h.firmwareImport({ path: await writePackageFolder(dir, 'c', '4.0.8.2058', ['SPIP650'], 4096) });
  await h.firmwareImport({ path: await writePackageFolder(dir, 'd', '4.0.4.2906', ['SPIP650'], 4096) });
  // Nothing is started: phones stay queued (paused), so plans and refusals can be read.
  await h.firmwareQueuePause({ paused: true });
}, 30_000);

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('firmware versions', () => {
  it('serves the chosen version per model, and the queue aims at it by default', async () => {
    const h = engine.handlers;
    expect(engine.firmware.repo.servedVersion('VVX400')).toBe('5.8.0.13337'); // the first import stays served
    let r = await h.firmwareQueueAdd({ phones: [{ mac: '0004f2ab0001', model: 'VVX400', current: '5.4.3.2036' }] });
    expect(r.added[0]!.to).toBe('5.8.0.13337');
    const view = await h.firmwareSetServed({ model: 'VVX400', version: '5.9.6.2327' });
    expect(view.active['3111-46157-002.sip.ld']).toBe('5.9.6.2327');
    r = await h.firmwareQueueAdd({ phones: [{ mac: '0004f2ab0002', model: 'VVX400', current: '5.4.3.2036' }] });
    expect(r.added[0]!.to).toBe('5.9.6.2327');
    await expect(h.firmwareSetServed({ model: 'VVX400', version: '5.1.0.1' })).rejects.toThrow(/no 5\.1\.0\.1 image for VVX400/);
  });

  it('refuses a downgrade with its reason until it is confirmed', async () => {
    const h = engine.handlers;
    const r = await h.firmwareQueueAdd({ phones: [{ mac: '0004f2ab0003', model: 'VVX400', current: '5.9.6.2327', target: '5.8.0.13337' }] });
    expect(r.added).toEqual([]);
    expect(r.refused[0]!.confirm).toBe(true);
    expect(r.refused[0]!.reason).toMatch(/^needs your confirmation: 5\.8\.0\.13337 \(the requested version\) is older than 5\.9\.6\.2327, the version on the phone: flashing it is a downgrade/);
    const ok = await h.firmwareQueueAdd({ phones: [{ mac: '0004f2ab0003', model: 'VVX400', current: '5.9.6.2327', target: '5.8.0.13337', confirmDowngrade: true }] });
    expect(ok.refused).toEqual([]);
    expect(ok.added[0]!.history.some((x) => /downgrade confirmed by the technician/.test(x.note))).toBe(true);
    // The AltiGen route goes down from 4.0.8 to 4.0.4 on purpose: no confirmation.
    const route = await h.firmwareQueueAdd({ phones: [{ mac: '0004f2ab0004', model: 'SPIP650', current: '3.2.7.0198', target: '4.0.4.2906' }] });
    expect(route.refused).toEqual([]);
    expect(route.added[0]!.steps.map((s) => s.version)).toEqual(['4.0.8.2058', '4.0.4.2906']);
  });

  it('deletes a version, not while a queued phone needs it', async () => {
    const h = engine.handlers;
    await expect(h.firmwareDeleteVersion({ version: '5.8.0.13337' })).rejects.toThrow(/still needed by 0004f2ab0001, 0004f2ab0003/);
    await h.firmwareQueueRemove({ mac: '0004f2ab0001' });
    await h.firmwareQueueCancel({ mac: '0004f2ab0003' });
    const view = await h.firmwareDeleteVersion({ version: '5.8.0.13337' });
    expect(view.images.some((i) => i.version === '5.8.0.13337')).toBe(false);
    expect(existsSync(join(dir, 'firmware', '5.8.0.13337'))).toBe(false);
    expect(view.active['3111-46157-002.sip.ld']).toBe('5.9.6.2327');
    await expect(h.firmwareDeleteVersion({ version: '5.8.0.13337' })).rejects.toThrow(/has no application version 5\.8\.0\.13337/);
  });

  it('does not serve an active version to a phone outside the queue that runs a newer one', async () => {
    const port = (await engine.servers.http.start()).boundPort!;
    await engine.handlers.firmwareSetServed({ model: 'VVX400', version: '5.9.6.2327' });
    const ua = (mac: string, v: string, stage: string) => `FileTransport PolycomVVX-VVX_400-UA/${v} (SN:${mac}) Type/${stage}`;
    const get = (path: string, agent: string) => fetch(`http://127.0.0.1:${port}/${path}`, { headers: { 'user-agent': agent } });
    // A VVX 400 outside the queue that ran 6.4.3 in its last Application stage, booting again.
    await get('0004f2ab0009.cfg', ua('0004f2ab0009', '6.4.3.5610', 'Application'));
    const newer = await get('3111-46157-002.sip.ld', ua('0004f2ab0009', '5.9.5.0614', 'Updater'));
    expect(newer.status).toBe(404);
    expect(logged.some((m) => /not serving 3111-46157-002\.sip\.ld 5\.9\.6\.2327 to 0004f2ab0009: it runs 6\.4\.3\.5610, so it would be downgraded/.test(m))).toBe(true);
    // One on an older version still gets it.
    await get('0004f2ab0010.cfg', ua('0004f2ab0010', '5.4.3.2036', 'Application'));
    const older = await get('3111-46157-002.sip.ld', ua('0004f2ab0010', '5.9.5.0614', 'Updater'));
    expect(older.status).toBe(200);
    await older.arrayBuffer();
    await newer.arrayBuffer().catch(() => undefined);
  });
});
