/**
 * Admin passwords at rest (sealed, 456 first, the accepted one first next time, never in the UI
 * view or the file in clear) and the batch runner (bounded concurrency, summary, retry of failed rows).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PhoneActionProgress, PhoneBatch } from '../../shared/api-phones';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { BatchRunner } from '../../electron/engine/phones/batch';
import { PhoneCredentials } from '../../electron/engine/phones/credentials';
import { WrongPasswordError } from '../../electron/engine/phones/phone-errors';
import { fileCipher, SecretStore } from '../../electron/engine/secrets';

describe('phone admin passwords', () => {
  it('starts with the factory 456, seals every password, and never shows one in clear', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-cred-'));
    const secrets = new SecretStore(await fileCipher(dir));
    const file = join(dir, 'phone-credentials.json');
    const creds = new PhoneCredentials(file, secrets, createLogger('t', silentSink));
    await creds.load();
    expect(creds.passwordsFor(undefined).map((p) => p.password)).toEqual(['456']);
    await creds.add('branch-a', 'Hunter2!');
    await creds.add('branch-a', '456');
    await creds.add('branch-a', 'Hunter2!'); // no duplicate
    expect(creds.passwordsFor('branch-a').map((p) => p.password)).toEqual(['Hunter2!', '456']);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('Hunter2!');
    expect(text).not.toMatch(/"456"/);
    const view = JSON.stringify(creds.view());
    expect(view).not.toContain('Hunter2!');
    expect(creds.viewSite('branch-a').passwords.map((p) => p.factoryDefault)).toEqual([false, true]);

    // The password a phone accepted is tried first for that phone next time.
    const id456 = creds.passwordsFor('branch-a').find((p) => p.password === '456')!.id;
    await creds.accepted('0004f2000001', id456);
    expect(creds.passwordsFor('branch-a', '0004f2000001').map((p) => p.password)).toEqual(['456', 'Hunter2!']);
    expect(creds.passwordsFor('branch-a', '0004f2000002').map((p) => p.password)).toEqual(['Hunter2!', '456']);

    // Persisted and reopened with the same key file.
    const again = new PhoneCredentials(file, new SecretStore(await fileCipher(dir)), createLogger('t', silentSink));
    await again.load();
    expect(again.passwordsFor('branch-a', '0004f2000001').map((p) => p.password)).toEqual(['456', 'Hunter2!']);
    await again.remove('branch-a', id456);
    expect(again.passwordsFor('branch-a', '0004f2000001').map((p) => p.password)).toEqual(['Hunter2!']);
  });

  it('skips a password sealed with another key, naming the site but not the value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-cred-'));
    const file = join(dir, 'phone-credentials.json');
    const a = new PhoneCredentials(file, new SecretStore(await fileCipher(dir)), createLogger('t', silentSink));
    await a.load();
    await a.add('s', 'Secret9');
    const warnings: string[] = [];
    const other = new PhoneCredentials(file, new SecretStore(await fileCipher(await mkdtemp(join(tmpdir(), 'provkit-cred-')))), createLogger('t', (r) => warnings.push(r.message)));
    await other.load();
    expect(other.passwordsFor('s')).toEqual([]);
    expect(warnings.join('\n')).toMatch(/site "s"/);
    expect(warnings.join('\n')).not.toContain('Secret9');
  });
});

describe('batch runner', () => {
  it('keeps at most N phones in flight, reports every row, summarises, and retries only the failed', async () => {
    const rows: PhoneActionProgress[] = [];
    const batches: PhoneBatch[] = [];
    const runner = new BatchRunner<number>((r) => rows.push(r), (b) => batches.push(b));
    let inFlight = 0;
    let maxInFlight = 0;
    let failOdd = true;
    const work = async (n: number, update: (p: Partial<PhoneActionProgress>) => void) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      update({ step: `working on ${n}`, mac: `0004f20000${String(n).padStart(2, '0')}` });
      await new Promise((r) => setTimeout(r, 10 + (n % 3) * 5));
      inFlight--;
      if (failOdd && n % 2 === 1) throw new WrongPasswordError(`phone-${n}`, 2);
    };
    const targets = Array.from({ length: 10 }, (_, i) => i);
    const started = runner.start('reboot', targets, targets.map((n) => `10.0.0.${n}`), work, 3);
    expect(started).toMatchObject({ total: 10, queued: 7, running: 3, state: 'running' });
    const done = await runner.settled(started.batchId, 5);
    expect(maxInFlight).toBe(3);
    expect(done).toMatchObject({ total: 10, ok: 5, failed: 5, running: 0, queued: 0, state: 'done' });
    const failed = done.rows.filter((r) => r.state === 'failed');
    expect(failed.map((r) => r.target)).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.5', '10.0.0.7', '10.0.0.9']);
    expect(failed[0]!.error).toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(failed[0]!.error!.fix).toMatch(/Admin passwords/);
    expect(rows.some((r) => r.state === 'running' && r.step === 'working on 4')).toBe(true);
    expect(batches.at(-1)).toMatchObject({ state: 'done', ok: 5, failed: 5, rows: [] });

    failOdd = false;
    const before = rows.length;
    runner.retry(started.batchId);
    const again = await runner.settled(started.batchId, 5);
    expect(again).toMatchObject({ ok: 10, failed: 0, state: 'done' });
    // Only the five failed rows ran again.
    expect(new Set(rows.slice(before).filter((r) => r.state === 'running').map((r) => r.target)).size).toBe(5);
    expect(() => runner.retry('nope')).toThrow(/No batch/);
  });
});
