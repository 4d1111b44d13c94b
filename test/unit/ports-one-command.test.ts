import { describe, expect, it } from 'vitest';
import { explainListenError } from '../../electron/engine/provisioning/listen-errors';
import { lowestPrivilegedPort, sysctlCommandFor } from '../../shared/ports';

const eacces = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES' });

describe('one sysctl command for every privileged port', () => {
  it('is the lowest privileged port of the set; high ports and 0 are ignored', () => {
    expect(sysctlCommandFor([80, 21, 69])).toBe('sudo sysctl net.ipv4.ip_unprivileged_port_start=21');
    expect(sysctlCommandFor([80, 2121, 6969])).toBe('sudo sysctl net.ipv4.ip_unprivileged_port_start=80');
    expect(sysctlCommandFor([8080, 0, 1024])).toBeUndefined();
    expect(lowestPrivilegedPort([514, 69])).toBe(69);
  });
  it('each server refused on Linux names the same command, covering the other servers too', () => {
    const fixes = [80, 21, 69].map((port) => explainListenError(eacces, 'X', '0.0.0.0', port, 'linux', undefined, [80, 21, 69]).fix);
    for (const f of fixes) expect(f).toContain('`sudo sysctl net.ipv4.ip_unprivileged_port_start=21`');
    expect(fixes.join(' ')).not.toMatch(/port_start=(80|69)/);
  });
});
