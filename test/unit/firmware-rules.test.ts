import { describe, expect, it } from 'vitest';
import { ALTIGEN_MAXCS_TARGETS, planUpgrade, securityExposures } from '../../shared/firmware-rules';
import { compareVersions, parseFirmwareVersion, sameVersion, versionFromName } from '../../shared/firmware-version';

describe('firmware versions', () => {
  it('parses the forms used in the seeds', () => {
    expect(parseFirmwareVersion('5.9.3.2857 Rev G')).toMatchObject({ nums: [5, 9, 3, 2857], rev: 'G' });
    expect(parseFirmwareVersion('4.0.8.2058.I')).toMatchObject({ nums: [4, 0, 8, 2058], rev: 'I' });
    expect(parseFirmwareVersion('5.4.5G')).toMatchObject({ nums: [5, 4, 5], rev: 'G' });
    expect(parseFirmwareVersion('sip.ld')).toBeUndefined();
  });
  it('compares numerically, then by revision when both have one', () => {
    expect(compareVersions('4.0.15.1009', '4.0.8.2058.I')).toBeGreaterThan(0);
    expect(compareVersions('4.0.8.1972.H', '4.0.8.2058.I')).toBeLessThan(0);
    expect(compareVersions('5.9.0 Rev AD', '5.9.0 Rev G')).toBeGreaterThan(0);
    expect(compareVersions('4.0.8.2058', '4.0.8.2058.I')).toBe(0);
    expect(() => compareVersions('x', '1')).toThrow(/not a firmware version/);
  });
  it('matches a reported version to the flashed one', () => {
    expect(sameVersion('4.0.8.2058', '4.0.8.2058.I')).toBe(true);
    expect(sameVersion('4.0.4.2906', '4.0.8.2058.I')).toBe(false);
  });
  it('finds versions in package names', () => {
    expect(versionFromName('spip_ssip_vvx_4_0_4_2906_split.zip')).toBe('4.0.4.2906');
    expect(versionFromName('UCS_v5.9.3.2857_RevG.zip')).toBe('5.9.3.2857 Rev G');
    expect(versionFromName('firmware.zip')).toBeUndefined();
  });
});

const MAC = '0004f2aabbcc';
const NEW_MAC = '64167f001122';

describe('upgrade rules', () => {
  it('target: the target table decides, and the step explains itself', () => {
    const p = planUpgrade({ model: 'VVX400', mac: MAC, current: '5.2.2.0501', targets: ALTIGEN_MAXCS_TARGETS });
    expect(p.to).toBe('5.4.2.6345');
    expect(p.steps).toEqual([expect.objectContaining({ kind: 'application', version: '5.4.2.6345', rule: 'target' })]);
    expect(p.steps[0]!.why).toMatch(/^Upgrade the application from 5\.2\.2\.0501 to 5\.4\.2\.6345, the target table for VVX400\.$/);
  });
  it('target: default is the newest version in the repository; none = error', () => {
    expect(planUpgrade({ model: 'VVX400', mac: MAC, current: '5.4.0', available: ['5.9.6.2327', '5.4.3.2036'] }).to).toBe('5.9.6.2327');
    const none = planUpgrade({ model: 'VVX400', mac: MAC, current: '5.4.0' });
    expect(none.steps).toEqual([]);
    expect(none.flags[0]).toMatchObject({ rule: 'target', level: 'error' });
  });
  it('already on target: no steps, an info flag', () => {
    const p = planUpgrade({ model: 'SSIP6000', mac: MAC, current: '4.0.8.1972', targets: ALTIGEN_MAXCS_TARGETS });
    expect(p.steps).toEqual([]);
    expect(p.flags.some((f) => f.rule === 'up-to-date')).toBe(true);
  });
  it('unknown model or version is an error flag, not an exception', () => {
    expect(planUpgrade({ model: 'T46G', mac: MAC, current: '1.0' }).flags[0]).toMatchObject({ rule: 'model', level: 'error' });
    expect(planUpgrade({ model: 'VVX400', mac: MAC, current: 'new' }).flags[0]).toMatchObject({ rule: 'model', level: 'error' });
  });
  it('AltiGen route: SoundPoint below 4.x (BootROM too old) goes up to 4.0.8, then down to 4.0.4.2906', () => {
    const p = planUpgrade({ model: 'SPIP650', mac: MAC, current: '3.2.7', targets: ALTIGEN_MAXCS_TARGETS, available: ['4.0.4.2906', '4.0.8.1972', '4.0.8.2058.I'] });
    expect(p.steps.map((s) => s.version)).toEqual(['4.0.8.2058.I', '4.0.4.2906']);
    expect(p.steps.every((s) => s.rule === 'altigen-bootrom-route')).toBe(true);
    expect(p.steps[0]!.why).toMatch(/BootROM with 5\.x/);
    expect(p.steps[1]!.why).toMatch(/down to 4\.0\.4\.2906/);
  });
  it('AltiGen route: not needed when the BootROM is already 5.x; needed when a 4.x phone has BootROM 4.x', () => {
    expect(planUpgrade({ model: 'SPIP650', mac: MAC, current: '4.0.1', currentBootrom: '5.0.5.0001', target: '4.0.4.2906' }).steps).toHaveLength(1);
    const p = planUpgrade({ model: 'SPIP650', mac: MAC, current: '4.0.1', currentBootrom: '4.3.1.0002', target: '4.0.4.2906' });
    expect(p.steps).toHaveLength(2);
    expect(p.flags.some((f) => f.rule === 'altigen-bootrom-route' && f.level === 'error')).toBe(true); // no 4.0.8 image known
  });
  it('64:16:7F: SoundPoint target raised to 4.0.8.2058.I (so no down-to-4.0.4 route), VVX to 5.4.3.2036', () => {
    const sp = planUpgrade({ model: 'SPIP650', mac: NEW_MAC, current: '3.2.7', targets: ALTIGEN_MAXCS_TARGETS });
    expect(sp.to).toBe('4.0.8.2058.I');
    expect(sp.steps.map((s) => s.version)).toEqual(['4.0.8.2058.I']);
    expect(sp.flags.some((f) => f.rule === 'mac-64167f')).toBe(true);
    const vvx = planUpgrade({ model: 'VVX310', mac: '64:16:7F:00:11:22', current: '5.2.2', targets: ALTIGEN_MAXCS_TARGETS });
    expect(vvx.to).toBe('5.4.3.2036');
    expect(planUpgrade({ model: 'VVX310', mac: MAC, current: '5.2.2', targets: ALTIGEN_MAXCS_TARGETS }).to).toBe('5.4.2.6345');
  });
  it('legacy cap: IP 301 stays on SIP 3.1.x, IP 300 on 2.1.x, IP 430 on 3.2.x', () => {
    const p = planUpgrade({ model: 'SPIP301', mac: MAC, current: '3.1.2', target: '4.0.15.1009', available: ['3.1.6', '4.0.15.1009'] });
    expect(p.to).toBe('3.1.6');
    expect(p.flags.find((f) => f.rule === 'legacy-cap')?.message).toMatch(/last release is SIP 3\.1\.x/);
    expect(planUpgrade({ model: 'SPIP300', mac: MAC, current: '2.0.1', target: '3.1.6' }).to).toBe('2.1.4');
    expect(planUpgrade({ model: 'SPIP430', mac: MAC, current: '3.1.0', target: '4.0.4' }).to).toBe('3.2.7');
  });
  it('order: BootROM before application; a signed BootROM never goes back to 2.x', () => {
    const p = planUpgrade({ model: 'SPIP650', mac: MAC, current: '3.1.3', currentBootrom: '4.1.2', bootromTarget: '4.4.0', target: '3.3.2' });
    expect(p.steps.map((s) => s.kind)).toEqual(['bootrom', 'application']);
    const bad = planUpgrade({ model: 'SPIP650', mac: MAC, current: '3.1.3', currentBootrom: '3.2.0', bootromTarget: '2.6.0', target: '3.3.2' });
    expect(bad.flags).toContainEqual(expect.objectContaining({ rule: 'bootrom-signed', level: 'error' }));
    expect(bad.steps).toEqual([]);
  });
  it('security minimums are flagged: 5.9.3.2857 Rev G, 5.9.6.2327, 4.0.14.1580, 4.0.15.1009', () => {
    expect(securityExposures('5.9.3.2857 Rev F', 'VVX')).toHaveLength(2);
    expect(securityExposures('5.9.3.2857 Rev G', 'VVX')).toHaveLength(1);
    expect(securityExposures('5.9.6.2327', 'VVX')).toHaveLength(0);
    expect(securityExposures('4.0.14.1580', 'SoundPointIP')).toHaveLength(1);
    expect(securityExposures('4.0.15.1009', 'SoundStationIP')).toHaveLength(0);
    const p = planUpgrade({ model: 'SPIP550', mac: MAC, current: '4.0.4.2906', currentBootrom: '5.0.5', target: '4.0.4.2906' });
    expect(p.flags.filter((f) => f.rule === 'security')).toHaveLength(2);
  });
  it('a missing target image is an error flag', () => {
    const p = planUpgrade({ model: 'VVX400', mac: MAC, current: '5.2.2', target: '5.9.6.2327', available: ['5.4.3.2036'] });
    expect(p.flags).toContainEqual(expect.objectContaining({ rule: 'target', level: 'error' }));
  });
});
