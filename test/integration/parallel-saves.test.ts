/**
 * Saves never collide: 40 parallel API calls × 4 kinds (inventory, provider profiles, enrollments,
 * phone admin passwords) × 5 rounds = 800 calls over the real HTTP transport give 0 errors, and a
 * fresh engine opened on the same folder reads every change back from disk.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UiServer } from '../../electron/engine/api/http-transport';
import { loadOrCreateToken } from '../../electron/engine/api/ui-auth';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';

const ROUNDS = 5;
const PARALLEL = 40;
const mac = (round: number, i: number) => `0004f2${(0x100000 + round * 1000 + i).toString(16)}`;

describe('parallel API saves', () => {
  it('800 parallel saves: 0 errors, every change on disk, no temp file left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-saves-'));
    const engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink });
    const token = await loadOrCreateToken(dir);
    const ui = new UiServer(engine, engine.logger);
    const port = await ui.start({ bind: '127.0.0.1', port: 0, webRoot: dir, token });
    const call = async (name: string, args: unknown) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(args) });
      return r.ok ? 'ok' : `${name} ${r.status} ${await r.text()}`;
    };
    const results: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const calls: Array<Promise<string>> = [];
      for (let i = 0; i < PARALLEL; i++) {
        calls.push(call('upsertPhone', { mac: mac(round, i), label: `Desk ${round}-${i}` }));
        calls.push(call('saveProvider', { id: `p${round}x${i}`, name: `Provider ${round}-${i}`, type: 'http', server: `10.9.${round}.${i + 1}/prov` }));
        calls.push(call('saveEnrollment', { enrollment: { mac: mac(round, i), vendor: 'polycom', step: 'target', ticks: [] } }));
        calls.push(call('addPhoneCredential', { site: `site-${round}`, password: `pw-${round}-${i}` }));
      }
      results.push(...(await Promise.all(calls)));
    }
    await ui.stop();
    await engine.close();
    const errors = results.filter((r) => r !== 'ok');
    expect(results).toHaveLength(ROUNDS * PARALLEL * 4);
    expect(errors).toEqual([]);

    const again = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink });
    try {
      const h = again.handlers;
      const inv = new Map((await h.listInventory({})).map((p) => [p.mac, p.label]));
      const providers = new Set((await h.listProviders({})).map((p) => p.id));
      const enrolled = new Set((await h.listEnrollments({})).map((e) => e.mac));
      const sites = new Map((await h.listPhoneCredentials({})).map((s) => [s.site, s.passwords.length]));
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < PARALLEL; i++) {
          expect(inv.get(mac(round, i))).toBe(`Desk ${round}-${i}`);
          expect(providers.has(`p${round}x${i}`)).toBe(true);
          expect(enrolled.has(mac(round, i))).toBe(true);
        }
        expect(sites.get(`site-${round}`)).toBeGreaterThanOrEqual(PARALLEL);
      }
    } finally {
      await again.close();
    }
    const leftovers = (await readdir(dir, { recursive: true })).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  }, 180_000);
});
