/**
 * The HTTP front answers 404 itself for a name the main thread found nothing for
 * (http-front-absent.ts), with curl as the client against the real engine: such a 404 no longer
 * reaches the main thread's server yet is in the request log with its status and the phone's MAC;
 * a name that becomes renderable (a phone added to the inventory), a stored upload or a firmware
 * image is served at once, not 404; a name of a shape found absent (mac-shape.ts) is answered by
 * the front for a MAC it never saw, never for a MAC of the inventory; a file carrying passwords is refused without the account every time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { findPolycomModel } from '../../shared/models';
import { writePackageFolder } from '../helpers/firmware';
import { run } from '../helpers/run';

let dir: string;
let engine: Engine;
let http = '';
/** GET/HEAD requests the main thread's HTTP server answered, by path. */
const reachedMain: string[] = [];
type Serving = { serveFile: (...a: unknown[]) => Promise<void> };
const original = (HttpProvisioningServer.prototype as unknown as Serving).serveFile;
const spy = vi.spyOn(HttpProvisioningServer.prototype as unknown as Serving, 'serveFile').mockImplementation(function (this: unknown, ...a: unknown[]) {
  reachedMain.push((a[3] as { path: string }).path);
  return original.apply(this, a);
});

const UA = (mac: string) => `FileTransport PolycomVVX-VVX_400-UA/6.4.0.1 (SN:${mac}) Type/Application`;
const curl = (...args: string[]) => run('curl', ['-sS', '--max-time', '15', ...args]);
const status = async (...args: string[]) => (await curl('-o', '/dev/null', '-w', '%{http_code}', ...args)).stdout;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'front-absent-'));
  engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink, overrides: { http: { bind: '127.0.0.1', port: 0 } } });
  const [h] = await engine.startEnabledServers();
  expect(h!.state).toBe('listening');
  http = h!.url!.replace(/\/$/, '');
}, 60_000);
afterAll(async () => {
  spy.mockRestore();
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

/** GET `path` (with this phone's User-Agent) until an answer did not reach the main thread; @returns its status. */
async function untilFrontAnswers(path: string, mac: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const before = reachedMain.filter((p) => p === path).length;
    const code = await status('-A', UA(mac), `${http}${path}`);
    if (reachedMain.filter((p) => p === path).length === before) return code;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`every GET ${path} reached the main thread`);
}

/** Poll listRequests until `count` events match. */
async function events(pred: (e: RequestEvent) => boolean, count: number): Promise<RequestEvent[]> {
  let hits: RequestEvent[] = [];
  await expect.poll(async () => (hits = (await engine.handlers.listRequests({})).filter(pred)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  return hits;
}

describe('404s answered by the HTTP front', () => {
  it('a name nothing answers is answered 404 by the front once the main thread found it absent, and logged with the phone', async () => {
    const mac = '0004f2c0ff01';
    const path = `/${mac}-license.cfg`;
    expect(await untilFrontAnswers(path, mac)).toBe('404');
    const n = reachedMain.filter((p) => p === path).length;
    const all = await events((e) => e.path === path, n + 1);
    expect(all.length).toBe(n + 1); // every request is in the log, whoever answered it
    for (const e of all) expect(e).toMatchObject({ status: 404, ok: false, error: 'no such file', method: 'GET', phone: { mac } });
  });

  it('a name that becomes renderable (phone added to the inventory) is served at once, not 404', async () => {
    const mac = '0004f2c0ff02';
    expect(await untilFrontAnswers(`/${mac}.cfg`, mac)).toBe('404');
    await engine.handlers.upsertPhone({ mac, model: 'VVX400' });
    const r = await curl('-w', '\n%{http_code}', '-A', UA(mac), `${http}/${mac}.cfg`);
    expect(r.stdout).toMatch(/<APPLICATION[\s\S]*\n200$/);
    await engine.handlers.removePhone({ mac });
    expect(await status('-A', UA(mac), `${http}/${mac}.cfg`)).toBe('404');
  });

  it('a name of a shape found absent is answered by the front for a MAC it never saw, but not for a MAC the inventory holds', async () => {
    const [a, b, inInventory] = ['0004f2c0ff10', '0004f2c0ff11', '0004f2c0ff12'];
    await engine.handlers.upsertPhone({ mac: inInventory, model: 'VVX400' });
    expect(await untilFrontAnswers(`/${a}-web.cfg`, a)).toBe('404');
    // b never asked before: its name of the same shape is answered by the front at once, and logged with b.
    expect(await status('-A', UA(b), `${http}/${b}-web.cfg`)).toBe('404');
    expect(reachedMain).not.toContain(`/${b}-web.cfg`);
    const [e] = await events((x) => x.path === `/${b}-web.cfg`, 1);
    expect(e).toMatchObject({ status: 404, error: 'no such file', phone: { mac: b } });
    // A phone of the inventory may have files of its own: the shape does not answer for it, the main thread does.
    expect(await status('-A', UA(inInventory), `${http}/${inInventory}-web.cfg`)).toBe('404');
    expect(reachedMain.filter((p) => p === `/${inInventory}-web.cfg`).length).toBe(1);
    await engine.handlers.removePhone({ mac: inInventory });
  });

  it('a phone added to the inventory gets its <mac>.cfg at once although the shape was found absent for others', async () => {
    const [seen, added] = ['0004f2c0ff13', '0004f2c0ff14'];
    expect(await untilFrontAnswers(`/${seen}.cfg`, seen)).toBe('404');
    await engine.handlers.upsertPhone({ mac: added, model: 'VVX400' });
    const r = await curl('-w', '\n%{http_code}', '-A', UA(added), `${http}/${added}.cfg`);
    expect(r.stdout).toMatch(/<APPLICATION[\s\S]*\n200$/);
    await engine.handlers.removePhone({ mac: added });
  });

  it('a firmware name is answered by the front only while the repository is empty; an imported image is served at once', async () => {
    const mac = '0004f2c0ff05';
    const image = `/${findPolycomModel('VVX400')!.partNumber}.sip.ld`;
    expect(await untilFrontAnswers(image, mac)).toBe('404');
    await engine.firmware.repo.importPath(await writePackageFolder(join(dir, 'packages'), 'ucs', '6.4.3.1111', ['VVX400'], 4096));
    expect(await status('-A', UA(mac), `${http}${image}`)).toBe('200');
    // Now that the repository holds images, firmware names always go to the main thread (answers per phone).
    const n = reachedMain.filter((p) => p === '/bootrom.ld').length;
    for (let i = 0; i < 3; i++) await status('-A', UA(mac), `${http}/bootrom.ld`);
    expect(reachedMain.filter((p) => p === '/bootrom.ld').length).toBe(n + 3);
  });

  it('a phone file name the phone then uploads is served from its upload, not 404', async () => {
    const mac = '0004f2c0ff03';
    expect(await status('-A', UA(mac), `${http}/000000000000.cfg`)).toBe('200'); // the phone booted from this address
    expect(await untilFrontAnswers(`/${mac}-phone.cfg`, mac)).toBe('404');
    const file = join(dir, 'phone.cfg');
    await writeFile(file, '<PHONE_CONFIG><ALL up.backlight.idleIntensity="1"/></PHONE_CONFIG>\n');
    expect(await status('-A', UA(mac), '-T', file, `${http}/${mac}-phone.cfg`)).toBe('201');
    expect((await curl('-A', UA(mac), `${http}/${mac}-phone.cfg`)).stdout).toContain('idleIntensity');
  });

  it('a file carrying passwords is refused without the provisioning account every time, and served with it', async () => {
    const mac = '0004f2c0ff04';
    await engine.handlers.upsertPhone({ mac, model: 'VVX400', lines: [{ extension: '2001', password: 'sip-secret-4' }] });
    await engine.handlers.setProvisioningAccount({ site: 'default', user: 'phones', password: 'prov-pass-4' });
    for (let i = 0; i < 5; i++) expect(await status('-A', UA(mac), `${http}/${mac}-provkit.cfg`)).toBe('401');
    expect((await curl('--digest', '-u', 'phones:prov-pass-4', '-A', UA(mac), `${http}/${mac}-provkit.cfg`)).stdout).toContain('sip-secret-4');
    // A path leaving the root is refused by the front as before, never looked up.
    expect(await status('--path-as-is', `${http}/../${mac}-provkit.cfg`)).toMatch(/^4\d\d$/);
  });
});
