/**
 * One command for every privileged port (first run as a normal user on Linux): inside a network
 * namespace made by the test (`net.ipv4.ip_unprivileged_port_start` is per namespace, the host is
 * untouched), an engine running as nobody with HTTP 80, FTP 21 and TFTP 69 is refused on all three,
 * and all three errors name the SAME command (the lowest port, 21). The test then runs exactly that
 * command's setting in the namespace and starts the engine again: all three listen. Needs root,
 * `ip netns` and setpriv; skipped with a reason otherwise.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../shared/dto';
import { sysctlCommandFor } from '../../shared/ports';

const ns = `logpk${process.pid}`;
const probe = fileURLToPath(new URL('./fixtures/one-command-probe.ts', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', cwd: repo, timeout: 90_000 });

function skipReason(): string {
  if (process.platform !== 'linux') return 'one-sysctl-command test skipped: Linux only';
  if (process.getuid?.() !== 0) return 'one-sysctl-command test skipped: needs root (ip netns, setpriv)';
  if (sh('ip', ['netns', 'list']).status !== 0) return 'one-sysctl-command test skipped: `ip netns` is unavailable';
  if (sh('setpriv', ['--version']).status !== 0) return 'one-sysctl-command test skipped: setpriv (util-linux) is missing';
  return '';
}
const reason = skipReason();
if (reason) {
  process.stderr.write(`${reason}\n`);
  it('one sysctl command covers every privileged port', (ctx) => ctx.skip(reason));
}

/** Set the sysctl in the namespace (as root), then start the engine there as nobody. */
function runEngine(dataDir: string, sysctl: string): ServerStatus[] {
  const set = sh('ip', ['netns', 'exec', ns, 'sysctl', '-w', sysctl]);
  expect(set.status, set.stderr).toBe(0);
  const tsx = `file://${repo}node_modules/tsx/dist/esm/index.mjs`;
  const run = sh('ip', ['netns', 'exec', ns, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', process.execPath, '--import', tsx, probe, dataDir]);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ServerStatus[];
}

describe.skipIf(Boolean(reason))('one sysctl command for HTTP 80, FTP 21 and TFTP 69', () => {
  let dataDir = '';
  beforeAll(() => {
    expect(sh('ip', ['netns', 'add', ns]).status).toBe(0);
    expect(sh('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']).status).toBe(0);
    dataDir = mkdtempSync(join(tmpdir(), 'log-onecmd-'));
    chmodSync(dataDir, 0o777);
  });
  afterAll(() => {
    sh('ip', ['netns', 'del', ns]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('all three refusals name the same command, and that command alone lets all three listen', () => {
    const refused = runEngine(dataDir, 'net.ipv4.ip_unprivileged_port_start=1024');
    expect(refused.map((s) => s.state)).toEqual(['error', 'error', 'error']);
    const commands = refused.map((s) => /`(sudo sysctl [^`]+)`/.exec(s.error?.fix ?? '')?.[1]);
    expect(commands).toEqual(Array(3).fill('sudo sysctl net.ipv4.ip_unprivileged_port_start=21'));
    expect(sysctlCommandFor([80, 21, 69])).toBe(commands[0]);
    // Run the one command shown (its setting, in the namespace) and start again.
    const setting = commands[0]!.replace(/^sudo sysctl /, '');
    const after = runEngine(dataDir, setting);
    expect(after.map((s) => [s.kind, s.state, s.boundPort])).toEqual([
      ['http', 'listening', 80],
      ['ftp', 'listening', 21],
      ['tftp', 'listening', 69],
    ]);
  }, 120_000);
});
