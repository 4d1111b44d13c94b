/**
 * `kill -9` of the engine while a phone is flashing: the phone (a simulated Polycom web server in
 * this process, held mid-flash) is not rebooted or flashed again by the restarted engine, its step
 * timer (`since`) is kept, and the queue ends `done` once the phone comes back with the new
 * version. Exactly one kill, at a known moment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueuePhone } from '../../shared/firmware-dto';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const CHILD = fileURLToPath(new URL('../helpers/firmware-flash-crash-child.ts', import.meta.url));
const MAC = '0004f2f1c001';
const children: ChildProcess[] = [];
let dir = '';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function start(args: string[]): { child: ChildProcess; started: () => boolean; out: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, started: () => out.includes('started'), out: () => out };
}

async function phone(): Promise<QueuePhone | undefined> {
  const text = await readFile(join(dir, 'firmware', 'queue.json'), 'utf8').catch(() => '');
  try {
    return (JSON.parse(text) as { phones: QueuePhone[] }).phones.find((p) => p.mac === MAC);
  } catch {
    return undefined; // never half a file (atomic writes); absent before the first save
  }
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)?.slice(0, 2000)}`);
    await sleep(50);
  }
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await stopSimPhones();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('firmware queue: kill -9 while a phone flashes', () => {
  it('does not reboot or flash it again, keeps its step timer, and ends done', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwflash-'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sim = await startSimPhone({ dialect: 'legacy', mac: MAC, model: 'VVX400', appVersion: '5.4.3.2036', password: 'B3nchPw', flashFirmware: true, flashMs: 0, flashGate: () => gate });
    const port = await freePort();
    const first = start([dir, String(port), 'setup', String(sim.port)]);
    const flashing = (await until('the phone flashing', phone, (p) => p?.state === 'flashing', 90_000))!;
    expect(first.child.exitCode).toBe(null);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const kills = 1;
    expect(sim.rebootCount).toBe(1);

    const second = start([dir, String(port)]);
    await until('the restarted engine', async () => second.started(), Boolean, 60_000);
    const resumed = (await until('the resumed phone', phone, (p) => Boolean(p?.history.some((h) => h.at > flashing.since && /resumed after a restart/.test(h.note)))))!;
    expect(resumed.state).toBe('flashing');
    expect(resumed.since).toBe(flashing.since); // the step timer is not reset
    // Several version polls later (the phone does not answer while flashing) it is still not rebooted.
    await sleep(1500);
    expect(sim.rebootCount).toBe(1);
    expect((await phone())!.since).toBe(flashing.since);

    release();
    const done = (await until('the phone done', phone, (p) => p?.state === 'done' || p?.state === 'failed', 60_000))!;
    expect(done.state, done.reason).toBe('done');
    expect(done.verified).toBe(true);
    expect(done.reported).toBe('5.9.6.2327');
    expect(sim.phone.appVersion).toBe('5.9.6.2327');
    expect(sim.rebootCount).toBe(1);
    expect(sim.boots.filter((b) => 'outcome' in b && b.outcome === 'flashed')).toHaveLength(1);
    expect(done.attempts!.map((a) => a.outcome)).toEqual(['done']);
    expect(kills).toBe(1);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    expect((await readdir(join(dir, 'firmware'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 180_000);
});
