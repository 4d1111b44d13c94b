/**
 * The CLI as scripts use it: `provkit simulate-web` runs simulated phones in a child process and
 * `provkit phone ...` drives them (as real processes for info and reboot, in this process for the
 * rest, to keep the test fast); exit code 0 only when the operation was verified, 1 on a typed
 * failure (with its code and fix), 2 on usage errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../electron/cli';
import { run } from '../helpers/run';
import { REPO } from '../helpers/serve';

const BIN = join(REPO, 'bin', 'provkit.mjs');
let sim: ChildProcess;
let phones: Array<{ mac: string; url: string; password: string }> = [];

/** A real `provkit` process (the launcher, tsx, exit code). */
const provkit = (...args: string[]) => run(process.execPath, [BIN, ...args], { timeoutMs: 60_000, cwd: REPO });

/** The same CLI in this process (fast): exit code and what it printed. */
async function inProcess(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((stderr += String(c)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  sim = spawn(process.execPath, [BIN, 'simulate-web', '--dialect', 'rest', '--count', '2', '--password', 'Cl1-pass', '--wrong-password-every', '2', '--reboot-down-ms', '300', '--digest', '--json'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  sim.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  sim.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 30_000;
  while (out.split('\n').filter((l) => l.startsWith('{')).length < 2) {
    if (sim.exitCode !== null || Date.now() > end) throw new Error(`simulate-web did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  phones = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as (typeof phones)[number]);
}, 90_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const exited = new Promise((r) => sim.once('exit', r));
    sim.kill('SIGTERM');
    await exited;
  }
});

const hostOf = (url: string) => url.replace(/^https?:\/\//, '');

describe('provkit phone', { timeout: 150_000 }, () => {
  it('info: exit 0 with the phone read over REST + Digest', async () => {
    expect(phones.map((p) => p.password)).toEqual(['as given', 'different (fails on purpose)']);
    const r = await provkit('phone', 'info', '--host', hostOf(phones[0]!.url), '--password', 'wrong', '--password', 'Cl1-pass', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, info: { mac: phones[0]!.mac, dialect: 'rest', modelCode: 'VVX400' } });
    expect(r.stdout + r.stderr).not.toContain('Cl1-pass');
  });

  it('set-provisioning then reboot: exit 0 only after the read-back and the phone\u2019s return', async () => {
    const host = hostOf(phones[0]!.url);
    const set = await inProcess('phone', 'set-provisioning', '--host', host, '--password', 'Cl1-pass', '--type', 'http', '--server', '127.0.0.1:9/prov', '--no-reboot');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/✓ read back: HTTP 127\.0\.0\.1:9\/prov, boot server static/);
    const get = await inProcess('phone', 'get-provisioning', '--host', host, '--password', 'Cl1-pass', '--json');
    expect(JSON.parse(get.stdout).provisioning).toMatchObject({ serverType: 'http', serverName: '127.0.0.1:9/prov', bootServer: 'static' });
    const reboot = await provkit('phone', 'reboot', '--host', host, '--password', 'Cl1-pass', '--poll-ms', '50');
    expect(reboot.code, reboot.stderr).toBe(0);
    expect(reboot.stdout).toMatch(/✓ went away and answered again/);
  });

  it('a refused password: exit 1 with WRONG_PASSWORD and its fix', async () => {
    const r = await inProcess('phone', 'reboot', '--host', hostOf(phones[1]!.url), '--password', 'Cl1-pass', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD', fix: expect.stringMatching(/Admin passwords/) } });
  });

  it('usage errors: exit 2 (missing --server, reset without --confirm, unknown operation)', async () => {
    const host = hostOf(phones[0]!.url);
    expect((await inProcess('phone', 'set-provisioning', '--host', host, '--type', 'http')).code).toBe(2);
    const reset = await inProcess('phone', 'factory-reset', '--host', host);
    expect(reset.code).toBe(2);
    expect(reset.stderr).toMatch(/--confirm MAC/);
    expect((await inProcess('phone', 'explode', '--host', host)).code).toBe(2);
    expect((await inProcess('simulate-web', '--dialect', 'sip')).code).toBe(2);
  });

  it('factory-reset with the wrong MAC confirmed: exit 1, nothing reset', async () => {
    const r = await inProcess('phone', 'factory-reset', '--host', hostOf(phones[0]!.url), '--password', 'Cl1-pass', '--confirm', '00:04:f2:00:00:99');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not the one confirmed/);
    const get = await inProcess('phone', 'get-provisioning', '--host', hostOf(phones[0]!.url), '--password', 'Cl1-pass', '--json');
    expect(JSON.parse(get.stdout).provisioning.serverName).toBe('127.0.0.1:9/prov');
  });
});
