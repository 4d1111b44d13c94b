/**
 * Privileged-port detection against the real kernel (acceptance): inside a network
 * namespace made by the test, `net.ipv4.ip_unprivileged_port_start` is set to 1024 and then to 0
 * (the sysctl is per namespace, so the host is untouched), and a non-root process (uid 65534, no
 * capabilities) runs test/integration/fixtures/port-access-probe.ts: detection, real TCP/UDP binds
 * and a ServerControl start must agree. Needs root and `ip netns`; skipped with a reason otherwise.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortAccess } from '../../shared/api-desktop';
import type { ServerStatus } from '../../shared/dto';

const ns = `pk9${process.pid}`;
const probe = fileURLToPath(new URL('./fixtures/port-access-probe.ts', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', cwd: repo, timeout: 60_000 });

function skipReason(): string {
  if (process.platform !== 'linux') return 'privileged-port netns test skipped: Linux only';
  if (process.getuid?.() !== 0) return 'privileged-port netns test skipped: needs root (ip netns, setpriv)';
  if (sh('ip', ['netns', 'list']).status !== 0) return 'privileged-port netns test skipped: `ip netns` is unavailable';
  if (sh('setpriv', ['--version']).status !== 0) return 'privileged-port netns test skipped: setpriv (util-linux) is missing';
  return '';
}
const reason = skipReason();
if (reason) {
  process.stderr.write(`${reason}\n`);
  it('privileged ports in a network namespace', (ctx) => ctx.skip(reason));
}

/** What port-access-probe.ts prints. */
interface Probe {
  euid: number;
  http: PortAccess;
  tftp: PortAccess;
  bind80: string;
  bind69: string;
  control: ServerStatus & { error: NonNullable<ServerStatus['error']> };
}

/** Set the sysctl in the namespace, then run the probe there as nobody. */
function probeWith(start: number): Probe {
  const set = sh('ip', ['netns', 'exec', ns, 'sysctl', '-w', `net.ipv4.ip_unprivileged_port_start=${start}`]);
  expect(set.status, set.stderr).toBe(0);
  const tsx = `file://${repo}node_modules/tsx/dist/esm/index.mjs`;
  const run = sh('ip', [
    'netns', 'exec', ns,
    'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all',
    process.execPath, '--import', tsx, probe,
  ]);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

describe.skipIf(Boolean(reason))('privileged ports in a network namespace', () => {
  beforeAll(() => {
    const add = sh('ip', ['netns', 'add', ns]);
    expect(add.status, add.stderr).toBe(0);
    expect(sh('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']).status).toBe(0);
  });
  afterAll(() => {
    sh('ip', ['netns', 'del', ns]);
  });

  it('sysctl 1024: detection says needs-admin, the binds fail, the server is not claimed up', () => {
    const r = probeWith(1024);
    expect(r.euid).toBe(65534);
    expect(r.http).toMatchObject({ status: 'needs-admin', command: 'sudo sysctl net.ipv4.ip_unprivileged_port_start=80', alternativePort: 8080 });
    expect(r.tftp).toMatchObject({ status: 'needs-admin', alternativePort: 8069 });
    expect(r.bind80).toBe('EACCES');
    expect(r.bind69).toBe('EACCES');
    expect(r.control.state).toBe('error');
    expect(r.control.boundPort).toBeUndefined();
    expect(r.control.error).toMatchObject({ code: 'EACCES', message: 'Port 80 needs admin rights (HTTP on 127.0.0.1).' });
    expect(r.control.error.fix).toContain('sudo sysctl net.ipv4.ip_unprivileged_port_start=80');
  });

  it('sysctl 0: detection says ok, the binds work, the server listens', () => {
    const r = probeWith(0);
    expect(r.http.status).toBe('ok');
    expect(r.http.reason).toMatch(/from 0 up/);
    expect(r.tftp.status).toBe('ok');
    expect(r.bind80).toBe('ok');
    expect(r.bind69).toBe('ok');
    expect(r.control).toMatchObject({ state: 'listening', boundPort: 80 });
  });

  it('sysctl 81: port 80 still needs admin while the rest follows the sysctl', () => {
    const r = probeWith(81);
    expect(r.http.status).toBe('needs-admin');
    expect(r.http.reason).toMatch(/below 81/);
    expect(r.bind80).toBe('EACCES');
  });
});
