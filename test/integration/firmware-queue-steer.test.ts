/**
 * The bench upgrade queue as an operator steers it, against simulated phones on a real HTTP
 * provisioning server (SimulatedBench as the phone controller, no power control): a phone that
 * comes back with the old version is retried only once it answers again and keeps every cause;
 * concurrency edited during a run changes how many run; pause starts no new step and says what
 * is still finishing; cancelling one phone leaves the others running; the report is written
 * under firmware/reports/ when the run ends.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FINISHED_STATES, type QueuePhone } from '../../shared/firmware-dto';
import { startBench, TARGET, waitFinished, type Bench } from '../helpers/firmware-bench';

const OLD = '5.4.3.2036';
let bench: Bench | undefined;
let dir: string | undefined;

afterEach(async () => {
  await bench?.close();
  bench = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const phones = (n: number, extra: (i: number) => object = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ mac: `0004f2bb00${String(i + 1).padStart(2, '0')}`, model: 'VVX400', appVersion: OLD, ...extra(i) }));

const running = (b: Bench) => b.svc.queue.state.phones.filter((p) => p.state !== 'queued' && p.state !== 'held' && !FINISHED_STATES.includes(p.state)).length;

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${bench?.svc.queue.state.phones.map((p) => `${p.mac}=${p.state}`).join(' ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('firmware queue steering', () => {
  it('retries a phone that came back with the old version only after it answers again; its history keeps both causes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwsteer-'));
    const bootEnds: number[] = [];
    bench = await startBench(dir, 0, undefined, { concurrency: 1, stepTimeoutMs: 8000, retries: 2 }, undefined, {
      phones: phones(1, () => ({ rejectTimes: 2 })),
      onBoot: () => bootEnds.push(Date.now()),
    });
    await waitFinished(bench.svc, 60_000);
    const p = bench.svc.queue.state.phones[0]!;
    expect(p.state, p.reason).toBe('done');
    expect(p.reported).toBe(TARGET);
    const a = p.attempts!;
    expect(a.map((x) => x.outcome)).toEqual(['failed', 'failed', 'done']);
    for (const x of a.slice(0, 2)) expect(x.cause).toBe(`the phone came back with ${OLD}, not ${TARGET}`);
    for (const x of a.slice(0, 2)) expect(x.endState).toBe('verifying');
    // Each retry started after the boot in which the previous attempt failed had ended (the phone answered).
    for (let k = 1; k < a.length; k++) {
      expect(bootEnds.some((t) => t >= a[k - 1]!.endedAt! && t <= a[k]!.startedAt), `attempt ${k + 1} started before the phone had finished booting`).toBe(true);
    }
    expect(bench.sims.rebootsWhileBooting.get(p.mac) ?? 0).toBe(0);
    expect(p.history.filter((h) => /attempt \d failed: the phone came back with/.test(h.note))).toHaveLength(2);
    expect(p.history.some((h) => h.state === 'waiting-retry' && /when the phone answers again/.test(h.note))).toBe(true);
    expect(p.history.some((h) => /the phone answers again/.test(h.note) && h.state === 'pointing')).toBe(true);
    // The report (written when the run ended) lists both causes.
    const reports = join(dir, 'firmware', 'reports');
    await until('the run report', () => Boolean(bench!.svc.lastReport));
    const names = await readdir(reports);
    expect(names.filter((n) => /^bench-run-.*\.txt$/.test(n))).toHaveLength(1);
    expect(names.filter((n) => /^bench-run-.*\.csv$/.test(n))).toHaveLength(1);
    const text = await readFile(bench.svc.lastReport!, 'utf8');
    expect(text.match(/attempt \d \(5\.9\.6\.2327\): .* failed while verifying: the phone came back with 5\.4\.3\.2036/g)).toHaveLength(2);
    expect(text).toMatch(/Phones: 1; done 1, failed 0/);
    const csv = await readFile(join(reports, names.find((n) => n.endsWith('.csv'))!), 'utf8');
    expect(csv.split('\r\n')[1]).toMatch(/^VVX400,0004f2bb0001,5\.4\.3\.2036,5\.9\.6\.2327,5\.9\.6\.2327,3,[\d.]+,262144,done,$/);
  }, 90_000);

  it('a higher concurrency set during the run starts more phones at once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwsteer-'));
    bench = await startBench(dir, 0, undefined, { concurrency: 1, stepTimeoutMs: 20_000, retries: 0 }, undefined, { phones: phones(6), flashMs: 1500 });
    let maxBefore = 0;
    await until('the first phone running', () => running(bench!) === 1);
    const end = Date.now() + 1000;
    while (Date.now() < end) {
      maxBefore = Math.max(maxBefore, running(bench));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(maxBefore).toBe(1);
    await bench.svc.queue.configure({ concurrency: 3 });
    await until('three phones running', () => running(bench!) === 3);
    let maxAfter = 0;
    const sample = setInterval(() => (maxAfter = Math.max(maxAfter, running(bench!))), 10);
    await waitFinished(bench.svc, 60_000);
    clearInterval(sample);
    expect(maxAfter).toBe(3);
    expect(bench.svc.queue.state.phones.every((p) => p.state === 'done')).toBe(true);
  }, 90_000);

  it('pause starts no new step, lists what is still finishing; resume goes on', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwsteer-'));
    bench = await startBench(dir, 0, undefined, { concurrency: 2, stepTimeoutMs: 20_000, retries: 0 }, undefined, { phones: phones(4), flashMs: 1000 });
    const q = bench.svc.queue;
    await until('two phones flashing or later', () => q.state.phones.filter((p) => p.state === 'flashing' || p.state === 'verifying').length === 2);
    q.pause();
    const pausedAt = Date.now();
    expect(q.finishing().map((f) => f.mac).sort()).toEqual(['0004f2bb0001', '0004f2bb0002']);
    await until('the running phones finished', () => q.finishing().length === 0);
    await new Promise((r) => setTimeout(r, 500));
    const st = (m: string) => q.state.phones.find((p) => p.mac === m)!;
    expect(st('0004f2bb0001').state).toBe('done');
    expect(st('0004f2bb0002').state).toBe('done');
    expect(st('0004f2bb0003').state).toBe('queued');
    expect(st('0004f2bb0004').state).toBe('queued');
    const started = q.state.phones.flatMap((p) => p.history.filter((h) => h.at > pausedAt && ['pointing', 'rebooting'].includes(h.state)));
    expect(started).toEqual([]);
    q.resume();
    await waitFinished(bench.svc, 60_000);
    expect(q.state.phones.every((p) => p.state === 'done')).toBe(true);
  }, 90_000);

  it('cancelling one phone leaves the others running', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwsteer-'));
    bench = await startBench(dir, 0, undefined, { concurrency: 3, stepTimeoutMs: 20_000, retries: 0 }, undefined, { phones: phones(3), flashMs: 800 });
    const q = bench.svc.queue;
    // What the UI is told is already on disk: a crash cannot take a reported state back.
    const onDisk: Array<[string, string]> = [];
    q.on('phone', (p: QueuePhone) => {
      const saved = (JSON.parse(readFileSync(join(dir!, 'firmware', 'queue.json'), 'utf8')) as { phones: QueuePhone[] }).phones.find((x) => x.mac === p.mac)!;
      if (FINISHED_STATES.includes(p.state)) onDisk.push([p.state, saved.state]);
    });
    await until('three phones running', () => running(bench!) === 3);
    const c = q.cancel('0004f2bb0002');
    expect(c.state).toBe('cancelled');
    await waitFinished(bench.svc, 60_000);
    const by = (m: string): QueuePhone => q.state.phones.find((p) => p.mac === m)!;
    expect(by('0004f2bb0001').state).toBe('done');
    expect(by('0004f2bb0003').state).toBe('done');
    expect(by('0004f2bb0002').state).toBe('cancelled');
    expect(by('0004f2bb0002').attempts!.at(-1)!.outcome).toBe('cancelled');
    // A cancelled phone stays cancelled even when it reports the new version later.
    expect(by('0004f2bb0002').history.at(-1)!.state).toBe('cancelled');
    await until('every finish reported', () => onDisk.length === 3);
    expect(onDisk.sort()).toEqual([['cancelled', 'cancelled'], ['done', 'done'], ['done', 'done']]);
    q.remove('0004f2bb0002');
    expect(q.state.phones.map((p) => p.mac)).toEqual(['0004f2bb0001', '0004f2bb0003']);
  }, 90_000);
});
