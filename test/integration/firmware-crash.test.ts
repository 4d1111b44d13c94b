import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePhone } from '../../shared/firmware-dto';
import { BENCH_PHONES } from '../helpers/firmware-bench';
import { haveSocat, startSwitchConsole, type SwitchConsoleFixture } from '../helpers/switch-console';

/** Seeded PRNG (mulberry32): the same kill moments on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHILD = fileURLToPath(new URL('../helpers/firmware-crash-child.ts', import.meta.url));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function startChild(dir: string, port: number, serial: string): { child: ChildProcess; exited: Promise<{ code: number | null; out: string }>; started: () => boolean } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(port), serial], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { started: () => out.includes('started'), child, exited: new Promise((resolve) => child.once('exit', (code) => resolve({ code, out }))) };
}

describe.skipIf(!haveSocat())('firmware queue survives SIGKILL', () => {
  let dir: string;
  let sw: SwitchConsoleFixture;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwcrash-'));
    sw = await startSwitchConsole(dir);
  }, 30_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await sw?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is killed 4 times at seeded moments and restarted; every phone ends done or failed, none lost or duplicated, finished ones stay finished', async () => {
    const port = await freePort();
    const random = seeded(18);
    let kills = 0;
    let finishedBefore = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const c = startChild(dir, port, sw.port);
      children.push(c.child);
      // Kill at a seeded moment of the run (after start-up, which is slow on a loaded machine).
      for (let t = 0; t < 600 && !c.started() && c.child.exitCode === null; t++) await sleep(50);
      await sleep(200 + random() * 1500);
      expect(c.child.exitCode, 'the run ended before its kill').toBe(null);
      c.child.kill('SIGKILL');
      await c.exited;
      kills++;
      const saved = JSON.parse(await readFile(join(dir, 'firmware', 'queue.json'), 'utf8').catch(() => '{"phones":[]}')) as { phones: QueuePhone[] };
      expect(new Set(saved.phones.map((p) => p.mac)).size).toBe(saved.phones.length);
      // A state once saved as finished (and so reported) is never undone by a kill.
      const finished = new Set(saved.phones.filter((p) => p.state === 'done' || p.state === 'failed').map((p) => p.mac));
      for (const m of finishedBefore) expect(finished.has(m), `${m} went back from finished`).toBe(true);
      finishedBefore = finished;
    }
    const last = startChild(dir, port, sw.port);
    children.push(last.child);
    const r = await last.exited;
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/finished/);
    expect(kills).toBe(4);
    expect((await readdir(join(dir, 'firmware'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const saved = JSON.parse(await readFile(join(dir, 'firmware', 'queue.json'), 'utf8')) as { phones: QueuePhone[] };
    expect(saved.phones.map((p) => p.mac).sort()).toEqual(BENCH_PHONES.map((p) => p.mac).sort());
    for (const p of saved.phones) expect(['done', 'failed']).toContain(p.state);
    const never = saved.phones.find((p) => p.mac === BENCH_PHONES[9]!.mac)!;
    expect(never.state).toBe('failed');
    const sims = JSON.parse(await readFile(join(dir, 'sim-phones.json'), 'utf8')) as Record<string, { appVersion: string; flashes: number }>;
    for (const p of saved.phones.filter((x) => x.state === 'done')) {
      expect(sims[p.mac]!.appVersion).toBe('5.9.6.2327');
      expect(sims[p.mac]!.flashes).toBe(1);
    }
    expect(saved.phones.filter((p) => p.state === 'done').length).toBeGreaterThanOrEqual(8);
  }, 240_000);
});
