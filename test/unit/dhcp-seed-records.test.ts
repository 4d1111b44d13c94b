/**
 * Golden tests: every DHCP record of the Genesys CIC guide's "Required DHCP Option Provisioning
 * Records" table and every Toshiba IPedge option-43 sub-option form (IPT Auto Config, Table 1),
 * byte for byte. The expected bytes are written out by hand from the tables, not computed with the
 * code under test. Every snippet is read back to the same bytes and the same vendor-class scope,
 * and the dnsmasq, ISC dhcpd and Kea snippets are checked by those servers themselves
 * (`dnsmasq --test`, `dhcpd -t`, `kea-dhcp4 -t`) when they are installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuiltOption } from '../../shared/dhcp-dto';
import { toHex } from '../../electron/engine/dhcp/codec/bytes';
import { buildOptions, parseTimeOffset } from '../../electron/engine/dhcp/builders';
import { parseSnippet } from '../../electron/engine/dhcp/snippet-parse';

function readsBack(o: BuiltOption): void {
  for (const s of o.snippets) {
    const back = parseSnippet(s);
    expect(back.code, `${s.server} option ${o.code}`).toBe(o.code);
    expect(toHex(back.data), `${s.server} option ${o.code}`).toBe(o.hex);
    expect(back.vendorClass, `${s.server} option ${o.code} scope`).toBe(s.scopedTo);
  }
}

const DNSMASQ = ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq'].find((p) => existsSync(p));
const DHCPD = ['/usr/sbin/dhcpd'].find((p) => existsSync(p));
const KEA = ['/usr/sbin/kea-dhcp4'].find((p) => existsSync(p));

/** Every record of both seed tables at once, as a site would paste them. */
function everything() {
  return buildOptions({
    family: 'audiocodes',
    bootUrl: 'http://provision.lab.voip:8088',
    recoveryVlan: 100,
    timeOffset: -18000,
    ntpServers: ['10.250.1.20'],
    dnsServers: ['10.250.1.5', '10.250.0.2'],
    domainName: 'lab.voip',
    tftpServer: '10.0.0.11',
    recoveryModels: ['SIP100', '420HD'],
    toshiba: { serverIp: '192.168.100.39', vendorClass: 'with-nul' },
  });
}
const snippetsOf = (server: string) => everything().options.map((o) => o.snippets.find((s) => s.server === server)!.text);

describe('CIC "Required DHCP Option Provisioning Records", byte for byte', () => {
  it('002 Time Offset: FFFF.B9B0 (hexadecimal input) = -18000, a signed 32-bit Long', () => {
    expect(parseTimeOffset('FFFF.B9B0')).toBe(-18000);
    expect(parseTimeOffset('0xFFFFB9B0')).toBe(-18000);
    expect(parseTimeOffset('-18000')).toBe(-18000);
    const [o] = buildOptions({ timeOffset: parseTimeOffset('FFFF.B9B0') }).options;
    expect(o).toMatchObject({ code: 2, name: 'time-offset', value: '-18000', hex: 'ffffb9b0' });
    const text = (server: string) => o!.snippets.find((s) => s.server === server)!.text;
    expect(text('isc-dhcpd')).toBe('option time-offset -18000;');
    expect(text('windows-netsh')).toBe('netsh dhcp server set optionvalue 2 DWORD 4294949296');
    expect(text('cisco-ios')).toBe('option 2 hex ffff.b9b0');
    readsBack(o!);
    expect(() => parseTimeOffset('five hours')).toThrow(/option 2 \(time-offset\).*FFFF\.B9B0/);
  });

  it('004/042 Time and NTP servers: address arrays; the guide\'s host name is refused with the reason', () => {
    const r = buildOptions({ timeServers: ['10.250.1.20', '10.250.0.20'] });
    expect(r.options[0]).toMatchObject({ code: 4, name: 'time-server', hex: '0afa01140afa0014' });
    readsBack(r.options[0]!);
    const n = buildOptions({ ntpServers: ['10.250.1.20'], timeOffset: -18000 });
    expect(n.options.map((o) => [o.code, o.hex])).toEqual([[2, 'ffffb9b0'], [42, '0afa0114']]);
    n.options.forEach(readsBack);
    expect(() => buildOptions({ ntpServers: ['mytimeserver.lab.voip'] })).toThrow(/option 42 \(ntp-servers\).*"mytimeserver\.lab\.voip" is not one/);
    expect(() => buildOptions({ timeServers: ['mytimeserver.lab.voip'] })).toThrow(/option 4 \(time-server\)/);
    expect(buildOptions({ timeServers: ['10.0.0.1'], ntpServers: ['10.0.0.1'] }).warnings?.join(' ')).toMatch(/either 004 or 042, not both/);
    expect(buildOptions({ ntpServers: ['10.0.0.1'] }).notes.join(' ')).toMatch(/set the offset too \(option 2\)/);
  });

  it('006 DNS Server 10.250.1.5 10.250.0.2 and 015 DNS Domain Name lab.voip', () => {
    const r = buildOptions({ dnsServers: ['10.250.1.5', '10.250.0.2'], domainName: 'lab.voip' });
    expect(r.options.map((o) => [o.code, o.value, o.hex])).toEqual([
      [6, '10.250.1.5, 10.250.0.2', '0afa01050afa0002'],
      [15, 'lab.voip', '6c61622e766f6970'],
    ]);
    r.options.forEach(readsBack);
    const isc = r.options[0]!.snippets.find((s) => s.server === 'isc-dhcpd')!.text;
    expect(isc).toBe('option domain-name-servers 10.250.1.5, 10.250.0.2;');
  });

  it('066 TFTP Server IP Address 10.0.0.11 (String) for ISS/AudioCodes recovery, with a warning for Polycom in a CIC site', () => {
    const r = buildOptions({ family: 'audiocodes', procedure: 'cic', tftpServer: '10.0.0.11' });
    expect(r.options[0]).toMatchObject({ code: 66, value: '10.0.0.11', hex: '31302e302e302e3131' });
    expect(r.warnings).toBeUndefined();
    readsBack(r.options[0]!);
    expect(buildOptions({ family: 'polycom', procedure: 'cic', tftpServer: '10.0.0.11' }).warnings?.join(' ')).toMatch(/recommends not using option 66 for Polycom/);
    expect(buildOptions({ family: 'polycom', procedure: 'cic', bootUrl: 'http://provision.lab.voip:8088', bootOptions: [160, 66] }).warnings?.join(' ')).toMatch(/recommends not using option 66/);
    expect(() => buildOptions({ bootUrl: 'http://a/', bootOptions: [66], tftpServer: '10.0.0.11' })).toThrow(/already uses option 66/);
  });

  it('067 Firmware Filename: one record per model, each limited to the vendor class the phone sends', () => {
    const files: Array<[string, string, string]> = [
      ['SIP100', 'sip100.img', '7369703130302e696d67'],
      ['SIP200', 'sip200.img', '7369703230302e696d67'],
      ['405', '405.img', '3430352e696d67'],
      ['405HD', '405hd.img', '34303568642e696d67'],
      ['420HD', '420hd.img', '34323068642e696d67'],
      ['430HD', '430hd.img', '34333068642e696d67'],
      ['440HD', '440hd.img', '34343068642e696d67'],
    ];
    const r = buildOptions({ family: 'audiocodes', recoveryModels: files.map((f) => f[0]) });
    expect(r.options.map((o) => [o.vendorClass, o.value, o.hex])).toEqual(files);
    r.options.forEach(readsBack);
    const sip100 = r.options[0]!.snippets;
    expect(sip100.find((s) => s.server === 'windows-netsh')!.text).toBe(
      ['netsh dhcp server add class "SIP100 Class" "" "SIP100" 1', 'netsh dhcp server add optiondef 67 "Bootfile Name" STRING 0 vendor="SIP100 Class"', 'netsh dhcp server set optionvalue 67 STRING vendor="SIP100 Class" "sip100.img"'].join('\n'),
    );
    expect(sip100.find((s) => s.server === 'dnsmasq')!.text).toBe('dhcp-vendorclass=set:sip100,SIP100\ndhcp-option=tag:sip100,67,"sip100.img"');
    expect(sip100.filter((s) => s.scopedTo === 'SIP100').map((s) => s.server)).toEqual(['windows-netsh', 'windows-powershell', 'isc-dhcpd', 'kea', 'dnsmasq', 'mikrotik']);
    expect(() => buildOptions({ recoveryModels: ['450HD'] })).toThrow(/no recovery firmware file is known for "450HD"/);
  });

  it('132 VLAN ID 100 (String) and 160 Provisioning URL http://provision.lab.voip:8088 (String)', () => {
    const r = buildOptions({ family: 'audiocodes', bootUrl: 'http://provision.lab.voip:8088', recoveryVlan: 100 });
    expect(r.options.map((o) => [o.code, o.value, o.hex])).toEqual([
      [160, 'http://provision.lab.voip:8088', '687474703a2f2f70726f766973696f6e2e6c61622e766f69703a38303838'],
      [132, '100', '313030'],
    ]);
    r.options.forEach(readsBack);
    expect(r.notes.join(' ')).toMatch(/native VLAN scope/);
  });

  it('Polycom with no option chosen: 160 only, as the guide recommends; no family keeps 160 and 66', () => {
    expect(buildOptions({ family: 'polycom', bootUrl: 'http://provision.lab.voip:8088' }).options.map((o) => o.code)).toEqual([160]);
    expect(buildOptions({ bootUrl: 'http://provision.lab.voip:8088' }).options.map((o) => o.code)).toEqual([160, 66]);
  });
});

describe('Toshiba IPedge option 43, every sub-option form of Table 1', () => {
  const VC_NUL = '010f544f534849424120495065646765' + '00';
  const VC = '010e544f534849424120495065646765';
  const SERVER = '0204c0a86427';
  const hexOf = (t: Parameters<typeof buildOptions>[0]['toshiba']) => buildOptions({ toshiba: t }).options[0]!.hex;

  it('vendor class with NUL (length 0x0f) and without (0x0e); server 192.168.100.39; VLAN off sent when no VLAN', () => {
    expect(hexOf({ serverIp: '192.168.100.39', vendorClass: 'with-nul' })).toBe(VC_NUL + SERVER + '030100');
    expect(hexOf({ serverIp: '192.168.100.39', vendorClass: 'without-nul' })).toBe(VC + SERVER + '030100');
    expect(hexOf({ serverIp: '192.168.100.39' })).toBe(VC + SERVER + '030100');
    expect(hexOf({ serverIp: '192.168.100.39', vendorClass: 'omit' })).toBe(SERVER + '030100');
  });

  it('VLAN enable, phone VLAN 100 (1 byte) or 300 (2 bytes), PC port access/trunk, PC VLAN 101', () => {
    expect(hexOf({ serverIp: '192.168.100.39', phoneVlan: 100 })).toBe(VC + SERVER + '030101' + '040164');
    expect(hexOf({ serverIp: '192.168.100.39', phoneVlan: 300 })).toBe(VC + SERVER + '030101' + '0402012c');
    expect(hexOf({ serverIp: '192.168.100.39', phoneVlan: 100, pcPortType: 'access', pcPortVlan: 101 })).toBe(VC + SERVER + '030101' + '040164' + '050100' + '060165');
    expect(hexOf({ serverIp: '192.168.100.39', phoneVlan: 100, pcPortType: 'trunk' })).toBe(VC + SERVER + '030101' + '040164' + '050101');
  });

  it('is limited to the vendor class "TOSHIBA IPedge" in every snippet format that can do it', () => {
    const o = buildOptions({ toshiba: { serverIp: '192.168.100.39', vendorClass: 'with-nul' } }).options[0]!;
    expect(o.vendorClass).toBe('TOSHIBA IPedge');
    readsBack(o);
    expect(o.snippets.filter((s) => s.scopedTo === 'TOSHIBA IPedge').map((s) => s.server)).toEqual(['windows-powershell', 'isc-dhcpd', 'kea', 'dnsmasq', 'mikrotik']);
    const by = (server: string) => o.snippets.find((s) => s.server === server)!.text;
    expect(by('isc-dhcpd')).toContain('match if substring(option vendor-class-identifier, 0, 14) = "TOSHIBA IPedge";');
    expect(by('dnsmasq').split('\n')[0]).toBe('dhcp-vendorclass=set:toshiba-ipedge,TOSHIBA IPedge');
    expect(by('windows-powershell')).toContain('Set-DhcpServerv4OptionValue -PolicyName "TOSHIBA IPedge phones" -OptionId 43 -Value 0x01,0x0F,');
    expect(by('cisco-ios')).toMatch(/^! IOS pools cannot match a vendor class/);
  });
});

describe('the DHCP servers accept the snippets', () => {
  it.skipIf(!DNSMASQ)('dnsmasq --test', () => {
    const conf = join(mkdtempSync(join(tmpdir(), 'seed-dnsmasq-')), 'dnsmasq.conf');
    writeFileSync(conf, `${snippetsOf('dnsmasq').join('\n')}\n`);
    const run = spawnSync(DNSMASQ!, ['--test', `--conf-file=${conf}`], { encoding: 'utf8' });
    expect(run.stderr).toContain('syntax check OK');
    expect(run.status).toBe(0);
  });

  it.skipIf(!DHCPD)('ISC dhcpd -t (classes matching the vendor class included)', () => {
    const conf = join(mkdtempSync(join(tmpdir(), 'seed-dhcpd-')), 'dhcpd.conf');
    writeFileSync(conf, `${snippetsOf('isc-dhcpd').join('\n')}\nsubnet 10.99.0.0 netmask 255.255.255.0 { range 10.99.0.10 10.99.0.20; }\n`);
    const run = spawnSync(DHCPD!, ['-t', '-4', '-cf', conf], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });

  it.skipIf(!KEA)('kea-dhcp4 -t (option definitions, option data and client classes merged)', () => {
    const dhcp4: Record<string, unknown[]> = { 'option-def': [], 'option-data': [], 'client-classes': [] };
    for (const text of snippetsOf('kea')) {
      const k = (JSON.parse(text) as { Dhcp4: Record<string, unknown[]> }).Dhcp4;
      for (const key of Object.keys(dhcp4)) dhcp4[key]!.push(...(k[key] ?? []));
    }
    const conf = join(mkdtempSync(join(tmpdir(), 'seed-kea-')), 'kea-dhcp4.json');
    const config = { Dhcp4: { 'interfaces-config': { interfaces: [] }, 'lease-database': { type: 'memfile', persist: false }, ...dhcp4, subnet4: [{ id: 1, subnet: '10.99.0.0/24', pools: [{ pool: '10.99.0.10 - 10.99.0.20' }] }] } };
    writeFileSync(conf, JSON.stringify(config));
    const run = spawnSync(KEA!, ['-t', conf], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});
