/**
 * The inventory store: secrets sealed at rest, files migrated, every change in the
 * append-only history, merge vs replace; provider profiles with loop detection; licences.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../electron/engine/inventory/inventory';
import { activationList, LicenceError, LicenceStore } from '../../electron/engine/inventory/licences';
import { loopReason, parseTargetServer, ProviderError, ProviderStore, targetUrl, type SelfEndpoints } from '../../electron/engine/inventory/providers';
import { InventoryServices } from '../../electron/engine/inventory/inventory-services';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { fileCipher, SecretStore } from '../../electron/engine/secrets';
import { defaultResourcesDir } from '../../electron/engine/engine';

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'provkit-inv-'));
  const secrets = new SecretStore(await fileCipher(dir));
  return { dir, secrets, inv: new Inventory(join(dir, 'inventory.json'), secrets) };
}

describe('inventory', () => {
  it('seals passwords at rest and opens them only for rendering', async () => {
    const { dir, inv, secrets } = await store();
    await inv.upsert({ mac: '00:04:F2:AA:BB:CC', lines: [{ extension: '2001', password: 'Very-Secret-1' }] }, 'alice (web UI)');
    const text = await readFile(join(dir, 'inventory.json'), 'utf8');
    expect(text).not.toContain('Very-Secret-1');
    expect(JSON.parse(text).phones[0].lines[0].password).toMatch(/^v1:file:/);
    expect(inv.get('0004f2aabbcc')!.lines[0]!.password).toMatch(/^v1:file:/);
    expect(inv.open('0004f2aabbcc')!.lines[0]!.password).toBe('Very-Secret-1');
    const reloaded = new Inventory(join(dir, 'inventory.json'), secrets);
    await reloaded.load();
    expect(reloaded.open('0004f2aabbcc')!.lines[0]!.password).toBe('Very-Secret-1');
    const history = await readFile(join(dir, 'inventory-history.jsonl'), 'utf8');
    expect(history).not.toContain('Very-Secret-1');
  });

  it('migrates an older file: plain password sealed, line 1 built, target adopted as a provider profile', async () => {
    const { dir, inv, secrets } = await store();
    await writeFile(join(dir, 'inventory.json'), JSON.stringify({ version: 1, phones: [{ mac: '0004F2AABBCC', user: '2001', password: 'plain-pw', sipServer: 'pbx', displayName: 'Desk', provisioningTarget: { type: 'http', server: '72.245.184.168/mpv', password: 'tp' } }] }));
    const svc = new InventoryServices({ dataDir: dir, resourcesDir: defaultResourcesDir(), provisioningRoot: join(dir, 'root'), secrets, inventory: inv, servers: () => [], logger: createLogger('t', silentSink) });
    await svc.load();
    const p = inv.get('0004f2aabbcc')!;
    expect(p.lines).toEqual([{ extension: '2001', displayName: 'Desk', sipServer: 'pbx', password: expect.stringMatching(/^v1:file:/) }]);
    expect(await readFile(join(dir, 'inventory.json'), 'utf8')).not.toContain('plain-pw');
    const provider = svc.providers.list()[0]!;
    expect(provider).toMatchObject({ type: 'http', server: '72.245.184.168/mpv', hasPassword: true });
    expect(p.provider).toBe(provider.id);
    expect(svc.renderer.render('0004f2aabbcc-provkit.cfg')).toContain('device.prov.password="tp"');
  });

  it('records who/when/what for every change, keeps the removed record, and skips no-op saves', async () => {
    const { inv } = await store();
    await inv.upsert({ mac: '0004f2000001', label: 'A', lines: [{ extension: '1', password: 'p1' }] }, 'alice (web UI)');
    await inv.upsert({ mac: '0004f2000001', label: 'B', lines: [{ extension: '1' }] }, 'bob (web UI)'); // password kept
    expect(inv.open('0004f2000001')!.lines[0]!.password).toBe('p1');
    expect((await inv.upsert({ mac: '0004f2000001', label: 'B', lines: [{ extension: '1' }] }, 'bob (web UI)')).action).toBe('same');
    await inv.upsert({ mac: '0004f2000001', label: 'B', lines: [{ extension: '1', password: 'p2' }] }, 'carol (web UI)');
    await inv.upsert({ mac: '0004f2000001', label: 'B', lines: [{ extension: '1', password: null }] }, 'carol (web UI)');
    expect(await inv.remove('0004f2000001', 'dave (cli)')).toBe(true);
    const h = await inv.history.read('0004f2000001');
    expect(h.map((e) => `${e.who} ${e.action} ${e.changes.map((c) => `${c.field}:${c.from ?? ''}>${c.to ?? ''}`).join(',')}`)).toEqual([
      'dave (cli) remove label:B>,lines.1.extension:1>',
      'carol (web UI) update lines.1.password:(set)>',
      'carol (web UI) update lines.1.password:(set)>(changed)',
      'bob (web UI) update label:A>B',
      'alice (web UI) add label:>A,lines.1.extension:>1,lines.1.password:>(set)',
    ]);
    expect(h.every((e) => e.time > 0)).toBe(true);
    expect(JSON.stringify(h)).not.toMatch(/p1|p2/);
  });

  it('merges an import into existing phones: given fields replace, absent ones stay', async () => {
    const { inv } = await store();
    await inv.upsert({ mac: '0004f2000001', label: 'Desk', notes: 'keep me', lines: [{ extension: '1', password: 'pw' }, { extension: '2' }] }, 't');
    const [r] = await inv.upsertMany([{ mac: '0004f2000001', label: 'Lobby', lines: [{ extension: '11' }] }], 't');
    expect(r!.action).toBe('update');
    expect(r!.changes).toEqual(['label', 'lines.1.extension']);
    const p = inv.open('0004f2000001')!;
    expect(p).toMatchObject({ label: 'Lobby', notes: 'keep me', lines: [{ extension: '11', password: 'pw' }, { extension: '2' }] });
  });
});

describe('provider profiles', () => {
  const self: SelfEndpoints = { hosts: ['10.0.0.5', 'localhost', 'bench-pc'], ports: { http: [8080], ftp: [21] } };

  it('reads host, port and path from every way of writing a server', () => {
    expect(parseTargetServer({ type: 'http', server: '72.245.184.168/mpv' })).toEqual({ host: '72.245.184.168', port: 80, path: '/mpv' });
    expect(parseTargetServer({ type: 'ftp', server: 'ftp://PlcmSpIp:PlcmSpIp@10.0.5.254' })).toEqual({ host: '10.0.5.254', port: 21, path: '' });
    expect(parseTargetServer({ type: 'https', server: '[fe80::1]:8443/p' })).toEqual({ host: 'fe80::1', port: 8443, path: '/p' });
    expect(() => parseTargetServer({ type: 'http', server: ':80' })).toThrow(ProviderError);
    expect(targetUrl({ type: 'http', server: '72.245.184.168/mpv' })).toBe('http://72.245.184.168/mpv/');
  });

  it('detects a redirect back to this ProvKit, and allows other ports and hosts', () => {
    expect(loopReason({ type: 'http', server: '10.0.0.5:8080/mpv' }, self)).toMatch(/is this ProvKit/);
    expect(loopReason({ type: 'http', server: 'BENCH-PC:8080' }, self)).toMatch(/is this ProvKit/);
    expect(loopReason({ type: 'ftp', server: '127.0.0.1' }, self)).toMatch(/FTP 127\.0\.0\.1:21/);
    expect(loopReason({ type: 'http', server: '10.0.0.5:9090' }, self)).toBeUndefined();
    expect(loopReason({ type: 'http', server: '72.245.184.168/mpv' }, self)).toBeUndefined();
  });

  it('refuses to save a loop, seals the password, keeps it when not re-entered', async () => {
    const { dir, secrets } = await store();
    const ps = new ProviderStore(join(dir, 'providers.json'), secrets, () => self);
    await expect(ps.save({ name: 'Me', type: 'http', server: 'localhost:8080' })).rejects.toThrow(/Refused: HTTP localhost:8080 is this ProvKit/);
    const v = await ps.save({ name: 'MegaPath', type: 'http', server: '72.245.184.168/mpv', user: 'u', password: 'Prov-Pw-1' });
    expect(v).toMatchObject({ name: 'MegaPath', hasPassword: true });
    expect(await readFile(join(dir, 'providers.json'), 'utf8')).not.toContain('Prov-Pw-1');
    await ps.save({ id: v.id, name: 'MegaPath 2', type: 'http', server: '72.245.184.168/mpv' });
    expect(ps.open(v.id)!.password).toBe('Prov-Pw-1');
  });
});

describe('licences', () => {
  it('attaches per-phone and site activation files in LICENSE_DIRECTORY and keeps replaced ones', async () => {
    const { dir } = await store();
    let folder = '';
    const ls = new LicenceStore(join(dir, 'root'), () => folder, join(dir, 'licence-history'));
    await expect(ls.attach('0004f2000001', Buffer.from('not xml <'))).rejects.toThrow(LicenceError);
    expect(await ls.attach('0004f2000001', Buffer.from('<license key="1"/>'))).toBe('0004f2000001-license.cfg');
    folder = 'licenses';
    expect(await ls.attach('000000000000', Buffer.from('<license site="1"/>'))).toBe('licenses/000000000000-license.cfg');
    await ls.attach('000000000000', Buffer.from('<license site="2"/>'));
    expect(await readFile(join(dir, 'root', 'licenses', '000000000000-license.cfg'), 'utf8')).toBe('<license site="2"/>');
    expect(readdirSync(join(dir, 'licence-history'))).toHaveLength(1);
    const st = await ls.status({ mac: '0004f2000001', licenceNumber: '22222222AB22C2' });
    expect(st).toMatchObject({ directory: 'licenses', siteFile: { path: 'licenses/000000000000-license.cfg' }, licenceNumber: '22222222AB22C2' });
    expect(st.phoneFile).toBeUndefined(); // it is in the root, not in licenses/
    expect(await ls.remove('000000000000')).toBe(true);
    expect(existsSync(join(dir, 'root', 'licenses', '000000000000-license.cfg'))).toBe(false);
  });

  it('writes the batch activation list of the bulletin: <licence number><TAB><mac> per line', () => {
    const r = activationList([
      { mac: '0004f1144bd4', licenceNumber: '22222222AB22C2' },
      { mac: '0004f1155bd4', licenceNumber: '22222222AB22C3' },
      { mac: '0004f2000009' },
    ]);
    expect(r.text).toBe('22222222AB22C2\t0004f1144bd4\r\n22222222AB22C3\t0004f1155bd4\r\n');
    expect(r.missing).toEqual(['0004f2000009']);
  });
});
