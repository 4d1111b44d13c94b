/**
 * Batch actions on many phones: bounded concurrency, one progress row per phone (events as it
 * moves on), a summary, and a retry of the failed rows. The work per phone is a function given by
 * the caller (phone-service.ts); this file only schedules and reports.
 */
import { randomBytes } from 'node:crypto';
import type { PhoneActionProgress, PhoneBatch } from '../../../shared/api-phones';
import { toPhoneErrorInfo } from './phone-errors';

/** Reports progress of one row: a patch of its fields (state, step, percent, mac ...). */
export type RowUpdate = (patch: Partial<Omit<PhoneActionProgress, 'actionId' | 'batchId' | 'action'>>) => void;

/** The work for one phone: resolves when done (verified facts in the row), throws a PhoneError on failure. */
export type RowWork<T> = (target: T, update: RowUpdate) => Promise<void>;

interface BatchState<T> {
  batch: PhoneBatch;
  targets: T[];
  work: RowWork<T>;
  concurrency: number;
}

/** Runs batches and keeps the recent ones (memory only). */
export class BatchRunner<T> {
  private readonly batches = new Map<string, BatchState<T>>();

  /**
   * @param onRow called with a copy of a row whenever it changes
   * @param onBatch called with the batch counts (rows omitted) whenever they change
   * @param keep number of finished batches kept for `get`
   */
  constructor(
    private readonly onRow: (row: PhoneActionProgress) => void,
    private readonly onBatch: (batch: PhoneBatch) => void,
    private readonly keep = 20,
  ) {}

  /**
   * Start a batch; returns at once (work goes on in the background).
   * @param labels endpoint label per target, for the rows
   * @returns the batch with every row queued
   */
  start(action: PhoneActionProgress['action'], targets: T[], labels: string[], work: RowWork<T>, concurrency = 8): PhoneBatch {
    const batchId = randomBytes(6).toString('hex');
    const now = Date.now();
    const rows: PhoneActionProgress[] = targets.map((_, i) => ({ actionId: `${batchId}-${i}`, batchId, action, target: labels[i] ?? String(i), state: 'queued', step: 'waiting for its turn', startedAt: now }));
    const batch: PhoneBatch = { batchId, action, total: rows.length, queued: rows.length, running: 0, ok: 0, failed: 0, state: 'running', startedAt: now, seq: 0, rows };
    const state: BatchState<T> = { batch, targets, work, concurrency: Math.max(1, concurrency) };
    this.batches.set(batchId, state);
    this.prune();
    void this.run(state, rows.map((_, i) => i));
    return this.copy(batch);
  }

  /**
   * Run the failed rows of a batch again.
   * @throws Error when the batch is unknown or still running
   */
  retry(batchId: string): PhoneBatch {
    const state = this.batches.get(batchId);
    if (!state) throw Object.assign(new Error(`No batch ${batchId} (batches are kept until ProvKit restarts)`), { code: 'NOT_FOUND' });
    if (state.batch.state === 'running') throw Object.assign(new Error('The batch is still running; retry when it has finished'), { code: 'BUSY' });
    const failed = state.batch.rows.map((r, i) => (r.state === 'failed' ? i : -1)).filter((i) => i >= 0);
    const now = Date.now();
    for (const i of failed) {
      const { error: _e, endedAt: _x, verified: _v, percent: _p, ...rest } = state.batch.rows[i]!;
      state.batch.rows[i] = { ...rest, state: 'queued', step: 'waiting for its turn (retry)', startedAt: now };
      this.onRow({ ...state.batch.rows[i]! });
    }
    state.batch.state = 'running';
    delete state.batch.endedAt;
    this.count(state.batch);
    void this.run(state, failed);
    return this.copy(state.batch);
  }

  /** A batch with its rows. @returns undefined when unknown */
  get(batchId: string): PhoneBatch | undefined {
    const s = this.batches.get(batchId);
    return s ? this.copy(s.batch) : undefined;
  }

  /** Rows of recent batches, newest batch first. */
  rows(): PhoneActionProgress[] {
    return [...this.batches.values()].reverse().flatMap((s) => s.batch.rows.map((r) => ({ ...r })));
  }

  /** Resolves when a batch has finished (tests, CLI). */
  async settled(batchId: string, pollMs = 50): Promise<PhoneBatch> {
    for (;;) {
      const b = this.get(batchId);
      if (!b || b.state === 'done') return b!;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  private async run(state: BatchState<T>, indexes: number[]): Promise<void> {
    const queue = [...indexes];
    const worker = async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) await this.runRow(state, i);
    };
    await Promise.all(Array.from({ length: Math.min(state.concurrency, queue.length) }, worker));
    state.batch.state = 'done';
    state.batch.endedAt = Date.now();
    this.count(state.batch);
  }

  private async runRow(state: BatchState<T>, i: number): Promise<void> {
    const rows = state.batch.rows;
    const update: RowUpdate = (patch) => {
      rows[i] = { ...rows[i]!, ...patch };
      this.onRow({ ...rows[i]! });
      this.count(state.batch);
    };
    update({ state: 'running', step: 'starting', startedAt: Date.now() });
    try {
      await state.work(state.targets[i]!, update);
      update({ state: 'ok', endedAt: Date.now(), percent: 100 });
    } catch (err) {
      update({ state: 'failed', error: toPhoneErrorInfo(err), step: 'failed', endedAt: Date.now() });
    }
  }

  private count(b: PhoneBatch): void {
    b.seq++;
    b.queued = b.rows.filter((r) => r.state === 'queued').length;
    b.running = b.rows.filter((r) => r.state === 'running' || r.state === 'waiting').length;
    b.ok = b.rows.filter((r) => r.state === 'ok').length;
    b.failed = b.rows.filter((r) => r.state === 'failed').length;
    this.onBatch({ ...b, rows: [] });
  }

  private copy(b: PhoneBatch): PhoneBatch {
    return { ...b, rows: b.rows.map((r) => ({ ...r })) };
  }

  private prune(): void {
    const done = [...this.batches.entries()].filter(([, s]) => s.batch.state === 'done');
    while (done.length > this.keep) this.batches.delete(done.shift()![0]);
  }
}
