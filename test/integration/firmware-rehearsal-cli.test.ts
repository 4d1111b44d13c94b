/**
 * A bench run rehearsed from the command line, end to end: `provkit serve`, two
 * `provkit simulate-web --dialect legacy --model SPIP650 --app-version 4.0.4.2906` phones, a
 * 4.0.15.1009 package imported through the API (its image carries no version: the phones learn it
 * from the `sip.ver` served next to it), the queue driving the phones through their web UI. Both
 * end done, verified on the phone, with their history, and the run report is written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FirmwareQueueView } from '../../shared/api-firmware';
import { findPolycomModel } from '../../shared/models';
import { REPO, startServe, type ServeProcess } from '../helpers/serve';

let serve: ServeProcess | undefined;
let sims: ChildProcess | undefined;

afterAll(async () => {
  sims?.kill('SIGTERM');
  await serve?.stop();
});

async function api<T>(name: string, args: unknown): Promise<T> {
  // The UI's access token, when this ProvKit has one (the ui-token file of the data folder).
  const token = (await readFile(join(serve!.dataDir, 'ui-token'), 'utf8').catch(() => '')).trim();
  const res = await fetch(`${new URL(serve!.ui).origin}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(args) });
  const body = (await res.json()) as { ok?: boolean; result?: T; error?: unknown };
  if (!res.ok || body.ok === false) throw new Error(`${name}: ${JSON.stringify(body)}`);
  return (body.result ?? body) as T;
}

describe('CLI rehearsal of a bench run', () => {
  it('upgrades two simulate-web SPIP650 phones from 4.0.4.2906 to an imported 4.0.15.1009', async () => {
    serve = await startServe();
    // A package whose image is opaque (like a real one): the version is in sip.ver only.
    const pkg = join(serve.dataDir, 'spip-4.0.15');
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, 'sip.ver'), '4.0.15.1009\r\n');
    const image = Buffer.alloc(300 * 1024);
    for (let i = 0; i < image.length; i++) image[i] = (i * 7919) & 0xff;
    await writeFile(join(pkg, `${findPolycomModel('SPIP650')!.partNumber}.sip.ld`), image);
    const imported = await api<{ imported: Array<{ version: string }> }>('firmwareImport', { path: pkg });
    expect(imported.imported.map((i) => i.version)).toEqual(['4.0.15.1009']);

    sims = spawn(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate-web', '--dialect', 'legacy', '--model', 'SPIP650', '--app-version', '4.0.4.2906', '--count', '2', '--mac', '0004f2c0a001', '--password', 'Reh3arse', '--reboot-down-ms', '500', '--flash-ms', '300', '--json'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    sims.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    sims.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const end = Date.now() + 30_000;
    while (out.split('\n').filter((l) => l.startsWith('{')).length < 2) {
      if (Date.now() > end || sims.exitCode !== null) throw new Error(`simulate-web did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const phones = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { mac: string; url: string });
    expect(phones.map((p) => p.mac)).toEqual(['0004f2c0a001', '0004f2c0a002']);

    await api('addPhoneCredential', { site: 'rehearsal', password: 'Reh3arse' });
    await api('firmwareQueueConfigure', { serverUrl: serve.http, controller: 'web', site: 'rehearsal', stepTimeoutMs: 60_000, retries: 1 });
    const added = await api<{ added: unknown[]; refused: unknown[] }>('firmwareQueueAdd', { phones: phones.map((p) => ({ mac: p.mac, model: 'SPIP650', current: '4.0.4.2906', host: p.url.replace(/^http:\/\//, '') })) });
    expect(added.refused).toEqual([]);

    let view: FirmwareQueueView | undefined;
    const until = Date.now() + 90_000;
    for (;;) {
      view = await api<FirmwareQueueView>('firmwareQueue', {});
      if (view.phones.every((p) => p.state === 'done' || p.state === 'failed' || p.state === 'cancelled')) break;
      if (Date.now() > until) throw new Error(`not finished: ${JSON.stringify(view.phones.map((p) => [p.mac, p.state, p.history.at(-1)]))}\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const p of view.phones) {
      expect(p.state, `${p.mac}: ${p.reason}\n${out}`).toBe('done');
      expect(p.verified).toBe(true);
      expect(p.reported).toBe('4.0.15.1009');
      expect(p.bytes).toBe(image.length);
      expect(p.attempts!.map((a) => a.outcome)).toEqual(['done']);
      expect(p.history.map((h) => h.state)).toEqual(expect.arrayContaining(['pointing', 'rebooting', 'downloading', 'flashing', 'done']));
    }
    // The phones say what they did (simulate-web's own output).
    expect(out.match(/"mac":"0004f2c0a00[12]"/g)).toHaveLength(2);
    // The report is written when the run ends.
    const dir = join(serve.dataDir, 'firmware', 'reports');
    let names: string[] = [];
    for (let i = 0; i < 100 && !names.some((n) => n.endsWith('.txt')); i++) {
      names = await readdir(dir).catch(() => []);
      await new Promise((r) => setTimeout(r, 100));
    }
    const txt = await readFile(join(dir, names.find((n) => n.endsWith('.txt'))!), 'utf8');
    expect(txt).toMatch(/Phones: 2; done 2, failed 0/);
    expect(txt).toMatch(/SPIP650 +0004f2c0a001 +4\.0\.4\.2906 → 4\.0\.15\.1009 +1 /);
    expect(txt).toMatch(/0004f2c0a002 \(SPIP650\): done/);
    expect(names.some((n) => n.endsWith('.csv'))).toBe(true);
  }, 180_000);
});
