/**
 * TFTP worker pool (electron/engine/provisioning/tftp/worker-pool.ts): where the worker script is
 * found (source checkout, built bundle, a chunk of it), the fallback to the main thread when there
 * is none, and what happens to transfers when a worker dies or the pool is closed. The transfers
 * themselves are tested with real clients in test/integration/tftp-server.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../electron/engine/logger';
import { TftpWorkerPool, workerScript } from '../../electron/engine/provisioning/tftp/worker-pool';
import type { ReadJob } from '../../electron/engine/provisioning/tftp/worker-protocol';

const dir = mkdtempSync(join(tmpdir(), 'provkit-tftp-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const job: ReadJob = {
  path: '/nonexistent',
  size: 1,
  blksize: 512,
  windowsize: 1,
  rollover: 0,
  timing: { retransmitMs: 1000, maxRetries: 1, maxBackoffMs: 1000 },
  bind: '127.0.0.1',
  family: 'udp4',
  address: '127.0.0.1',
  port: 9,
  client: '127.0.0.1',
};
const view = () => ({ client: '127.0.0.1', method: 'RRQ', path: '/x', bytes: 0 });

function recordingLogger() {
  const records: LogRecord[] = [];
  return { logger: createLogger('tftp', (r) => records.push(r), 'debug'), records };
}

describe('workerScript', () => {
  it('finds worker-boot.mjs beside the TypeScript source', () => {
    const url = workerScript(new URL('../../electron/engine/provisioning/tftp/worker-pool.ts', import.meta.url).href);
    expect(url?.pathname).toMatch(/tftp\/worker-boot\.mjs$/);
  });

  it('finds tftp-worker.js beside a built bundle or one folder up from a chunk, else nothing', () => {
    mkdirSync(join(dir, 'main', 'chunks'), { recursive: true });
    const bundle = pathToFileURL(join(dir, 'main', 'engine-host.js')).href;
    const chunk = pathToFileURL(join(dir, 'main', 'chunks', 'worker-pool-abc.js')).href;
    expect(workerScript(bundle)).toBeUndefined();
    writeFileSync(join(dir, 'main', 'tftp-worker.js'), '');
    expect(workerScript(bundle)?.pathname).toBe(join(dir, 'main', 'tftp-worker.js'));
    expect(workerScript(chunk)?.pathname).toBe(join(dir, 'main', 'tftp-worker.js'));
  });
});

describe('TftpWorkerPool', () => {
  it('without a worker script hands nothing out (transfers stay in the main thread) and says so once', () => {
    const { logger, records } = recordingLogger();
    const pool = new TftpWorkerPool(2, logger, null);
    expect(pool.read(job, view())).toBeUndefined();
    expect(pool.read(job, view())).toBeUndefined();
    expect(records.filter((r) => r.level === 'warn').map((r) => r.message)).toEqual(['TFTP transfers run in the main thread: no worker script found next to the engine']);
  });

  it('uses an idle worker before starting another; a second worker only for transfers at the same time', async () => {
    const script = join(dir, 'quick.mjs');
    writeFileSync(
      script,
      "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', (m) => { if (m.type === 'start') setTimeout(() => parentPort.postMessage({ type: 'done', id: m.id, bytes: m.job.size, outcome: { status: 200 } }), 50); });\n",
    );
    const pool = new TftpWorkerPool(4, recordingLogger().logger, pathToFileURL(script));
    for (let i = 0; i < 3; i++) {
      const t = pool.read(job, view())!;
      t.start();
      expect(await t.outcome).toEqual({ status: 200 });
    }
    expect(pool.started).toBe(1);
    const together = [pool.read(job, view())!, pool.read(job, view())!, pool.read(job, view())!];
    for (const t of together) t.start();
    await Promise.all(together.map((t) => t.outcome));
    expect(pool.started).toBe(3);
    await pool.close();
  });

  it('a worker that dies ends its transfers as server errors (500), and a new worker takes the next job', async () => {
    const script = join(dir, 'dies.mjs');
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(3));\n");
    const { logger } = recordingLogger();
    const pool = new TftpWorkerPool(1, logger, pathToFileURL(script));
    const t = pool.read(job, view())!;
    t.start();
    expect(await t.outcome).toEqual({ status: 500, error: 'server error: the transfer worker stopped (exit 3)' });
    expect(pool.active).toBe(0);
    const again = pool.read(job, view())!;
    again.start();
    expect((await again.outcome).status).toBe(500);
    await pool.close();
  });

  it('a worker that fails while loading ends its transfers (500) and turns the pool off: later reads stay in the main thread', async () => {
    const script = join(dir, 'broken.mjs');
    writeFileSync(script, "throw new Error('cannot load from here');\n");
    const { logger, records } = recordingLogger();
    const pool = new TftpWorkerPool(2, logger, pathToFileURL(script));
    const t = pool.read(job, view())!;
    t.start();
    expect(await t.outcome).toEqual({ status: 500, error: 'server error: the transfer worker failed (cannot load from here)' });
    expect(pool.read(job, view())).toBeUndefined();
    expect(records.some((r) => r.level === 'warn' && /main thread: the transfer worker failed \(cannot load from here\)/.test(r.message))).toBe(true);
    await pool.close();
  });

  it('a transfer failed before it started ends at once; close() ends running ones as 503', async () => {
    const script = join(dir, 'silent.mjs');
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n");
    const pool = new TftpWorkerPool(2, recordingLogger().logger, pathToFileURL(script));
    const early = pool.read(job, view())!;
    early.fail(0, 503, 'the TFTP server was stopped');
    expect(await early.outcome).toEqual({ status: 503, error: 'the TFTP server was stopped' });
    const running = pool.read(job, view())!;
    running.start();
    expect(pool.active).toBe(2);
    await pool.close();
    expect(await running.outcome).toEqual({ status: 503, error: 'the TFTP server was stopped' });
  });
});
