/**
 * Privileged-port detection with fake /proc files (electron/engine/privileged-ports.ts), the listen
 * error it feeds, and the desktop handlers' fix (pkexec) with a fake runner.
 */
import { describe, expect, it, vi } from 'vitest';
import { createDesktopHandlers, type RunCommand } from '../../electron/engine/desktop/handlers';
import { checkPortAccess, readLinuxFacts, type PortAccessEnv } from '../../electron/engine/privileged-ports';
import { explainListenError } from '../../electron/engine/provisioning/listen-errors';

/** A Linux process with this sysctl value and CapEff mask. */
function linux(start: string | undefined, capEff = '0000000000000000', euid = 1000, hasPkexec = true): PortAccessEnv {
  const files: Record<string, string> = { '/proc/self/status': `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\n` };
  if (start !== undefined) files['/proc/sys/net/ipv4/ip_unprivileged_port_start'] = `${start}\n`;
  return {
    platform: 'linux',
    euid,
    hasPkexec,
    readFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
      return files[p]!;
    },
  };
}

describe('checkPortAccess', () => {
  it('Linux default 1024: privileged ports need admin, with the sysctl command, pkexec argv and a high port', () => {
    for (const port of [21, 67, 68, 69, 80, 514]) {
      const a = checkPortAccess(port, '0.0.0.0', linux('1024'));
      expect(a).toMatchObject({ status: 'needs-admin', command: `sudo sysctl net.ipv4.ip_unprivileged_port_start=${port}`, alternativePort: 8000 + port });
      expect(a.pkexecCommand).toEqual(['pkexec', 'sysctl', '-w', `net.ipv4.ip_unprivileged_port_start=${port}`]);
    }
    expect(checkPortAccess(80, '0.0.0.0', linux('1024', undefined, 1000, false)).pkexecCommand).toBeUndefined();
  });

  it('Linux: the sysctl lowered, root, or CAP_NET_BIND_SERVICE make it ok', () => {
    expect(checkPortAccess(80, '0.0.0.0', linux('80')).status).toBe('ok');
    expect(checkPortAccess(80, '0.0.0.0', linux('0')).status).toBe('ok');
    expect(checkPortAccess(69, '0.0.0.0', linux('80')).status).toBe('needs-admin');
    expect(checkPortAccess(80, '0.0.0.0', linux('1024', '0000000000000000', 0)).status).toBe('ok');
    // bit 10 = 0x400
    expect(checkPortAccess(80, '0.0.0.0', linux('1024', '0000000000000400')).reason).toMatch(/CAP_NET_BIND_SERVICE/);
    expect(checkPortAccess(80, '0.0.0.0', linux('1024', '0000000000000200')).status).toBe('needs-admin');
  });

  it('Linux: a missing sysctl file (kernel < 4.11) means 1024; high and ephemeral ports are always ok', () => {
    expect(readLinuxFacts(linux(undefined).readFile)).toEqual({ unprivilegedStart: 1024, capNetBind: false });
    expect(readLinuxFacts(linux('garbage').readFile).unprivilegedStart).toBe(1024);
    expect(checkPortAccess(1023, '::', linux(undefined)).status).toBe('needs-admin');
    expect(checkPortAccess(1024, '::', linux(undefined)).status).toBe('ok');
    expect(checkPortAccess(0, '::', linux(undefined)).status).toBe('ok');
  });

  it('Windows is ok (firewall note); macOS ok on the wildcard, admin on a specific address', () => {
    const base = { euid: 501, readFile: () => '', hasPkexec: false };
    expect(checkPortAccess(80, '10.0.0.2', { ...base, platform: 'win32', euid: undefined }).reason).toMatch(/Firewall/);
    expect(checkPortAccess(80, '0.0.0.0', { ...base, platform: 'darwin' }).status).toBe('ok');
    expect(checkPortAccess(80, '10.0.0.2', { ...base, platform: 'darwin' })).toMatchObject({ status: 'needs-admin', alternativePort: 8080 });
    expect(checkPortAccess(80, '10.0.0.2', { ...base, platform: 'darwin', euid: 0 }).status).toBe('ok');
  });
});

describe('explainListenError with the detection', () => {
  const eacces = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });
  it('a refusal although the rights look fine points at security software', () => {
    const access = checkPortAccess(80, '0.0.0.0', linux('0'));
    const e = explainListenError(eacces, 'HTTP', '0.0.0.0', 80, 'linux', access);
    expect(e.message).toMatch(/even though ProvKit should have the rights/);
    expect(e.fix).toMatch(/SELinux|AppArmor/);
    expect(e.alternativePort).toBe(8080);
  });
  it('needs-admin keeps the sysctl fix', () => {
    const e = explainListenError(eacces, 'HTTP', '0.0.0.0', 80, 'linux', checkPortAccess(80, '0.0.0.0', linux('1024')));
    expect(e.fix).toContain('sudo sysctl net.ipv4.ip_unprivileged_port_start=80');
  });
});

describe('allowPrivilegedPort', () => {
  /** An env whose sysctl the fake pkexec changes. */
  function world(code: number) {
    let start = '1024';
    const env = () => ({ ...linux(start), readFile: (p: string) => (p.endsWith('ip_unprivileged_port_start') ? start : linux(start).readFile(p)) });
    const run = vi.fn<RunCommand>(async (argv) => {
      if (code === 0) start = argv[3]!.split('=')[1]!;
      return { code, stderr: code === 1 ? 'sysctl: permission denied\n' : '' };
    });
    return { env, run };
  }

  it('desktop: runs pkexec sysctl once and re-checks', async () => {
    const w = world(0);
    const h = createDesktopHandlers({ options: { mode: 'desktop' } }, w);
    const r = await h.allowPrivilegedPort({ port: 69 });
    expect(w.run).toHaveBeenCalledWith(['pkexec', 'sysctl', '-w', 'net.ipv4.ip_unprivileged_port_start=69']);
    expect(r).toMatchObject({ ok: true });
    expect((await h.getPortAccess({ port: 69 })).status).toBe('ok');
    // already allowed: nothing runs
    await h.allowPrivilegedPort({ port: 80 });
    expect(w.run).toHaveBeenCalledTimes(1);
  });

  it('desktop: a cancelled dialog or a failure says so and gives the command', async () => {
    for (const [code, text] of [[126, /cancelled/], [127, /polkit/], [1, /permission denied/]] as const) {
      const w = world(code);
      const r = await createDesktopHandlers({ options: { mode: 'desktop' } }, w).allowPrivilegedPort({ port: 80 });
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(text);
      expect(r.command).toBe('sudo sysctl net.ipv4.ip_unprivileged_port_start=80');
    }
  });

  it('headless never runs pkexec: it returns the command to run by hand', async () => {
    const w = world(0);
    const r = await createDesktopHandlers({ options: { mode: 'headless' } }, w).allowPrivilegedPort({ port: 21 });
    expect(w.run).not.toHaveBeenCalled();
    expect(r).toMatchObject({ ok: false, command: 'sudo sysctl net.ipv4.ip_unprivileged_port_start=21' });
  });
});
