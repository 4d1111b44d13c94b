import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PHONES, startBench, TARGET, waitFinished, type Bench } from '../helpers/firmware-bench';
import { haveSocat, startSwitchConsole, type SwitchConsoleFixture } from '../helpers/switch-console';

describe.skipIf(!haveSocat())('firmware upgrade queue: 10 simulated phones', () => {
  let dir: string;
  let sw: SwitchConsoleFixture;
  let bench: Bench;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwq-'));
    sw = await startSwitchConsole(dir);
    bench = await startBench(dir, 0, sw.port, { concurrency: 4, stepTimeoutMs: 2500, retries: 1, powerCycles: 1 });
  }, 30_000);
  afterAll(async () => {
    await bench?.close();
    await sw?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('upgrades 9, retries the two that reject the image once, fails the one that never returns after a power cycle', async () => {
    await waitFinished(bench.svc, 90_000);
    const phones = bench.svc.queue.state.phones;
    expect(phones).toHaveLength(10);
    for (const p of BENCH_PHONES) {
      const q = phones.find((x) => x.mac === p.mac)!;
      if (p.neverReturn) {
        expect(q.state).toBe('failed');
        expect(q.history.some((h) => h.state === 'power-cycling')).toBe(true);
        expect(q.reason).toBeTruthy();
      } else {
        expect(q.state, `${p.mac}: ${q.reason}`).toBe('done');
        expect(q.reported).toBe(TARGET);
        expect(q.verified).toBe(true);
        expect(bench.sims.phone(p.mac)!.appVersion).toBe(TARGET);
        expect(bench.sims.phone(p.mac)!.flashes).toBe(1);
      }
      if (p.rejectTimes) expect(q.history.some((h) => /attempt 1 failed: the phone came back with 5\.4\.3\.2036/.test(h.note))).toBe(true);
    }
    const cycles = sw.actions().filter((a) => a.port === 'gi0/10').map((a) => a.power);
    expect(cycles.slice(0, 2)).toEqual(['never', 'auto']);
    expect(sw.actions().every((a) => a.port === 'gi0/10')).toBe(true);
    const report = bench.svc.report();
    expect(report.rows.filter((r) => r.result === 'done')).toHaveLength(9);
    expect(report.csv.split('\r\n')[0]).toBe('model,mac,from,to,reported,attempts,duration_s,bytes,result,reason');
    expect(report.text).toMatch(/done 9, failed 1/);
    const file = await bench.svc.writeReport();
    expect(file.path).toMatch(/bench-run-.*\.txt$/);
    expect(file.csv).toMatch(/bench-run-.*\.csv$/);
  }, 120_000);
});
