/**
 * Neighbour-table parsers (outputs of iproute2 `ip neigh`, Linux /proc/net/arp, Windows `arp -a`,
 * macOS `arp -an` with its short octets), the subnet expansion and the Polycom OUI test (facts §5).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isPolycomMac } from '../../electron/engine/phones/discovery/discover';
import { neighbourLookup, parseArpA, parseIpNeigh, parseProcNetArp, readNeighbours } from '../../electron/engine/phones/discovery/neighbours';
import { CidrError, expandCidr } from '../../electron/engine/phones/discovery/scan';
import { pointsAtServers } from '../../electron/engine/phones/provkit-target';

describe('neighbour tables', () => {
  it('parses ip neigh, skipping FAILED, INCOMPLETE and IPv6 entries', () => {
    const text = [
      '192.168.1.7 dev eth0 lladdr 00:04:f2:aa:bb:cc REACHABLE',
      '192.168.1.1 dev eth0 lladdr 02:fc:00:00:00:05 STALE ',
      '192.168.1.9 dev eth0  FAILED',
      '192.168.1.10 dev eth0 INCOMPLETE',
      'fd00::1 dev eth0 lladdr 64:16:7f:00:00:01 router REACHABLE',
      '10.0.0.3 dev br0 lladdr 48:25:67:90:8b:97 DELAY',
    ].join('\n');
    expect(parseIpNeigh(text)).toEqual([
      { address: '192.168.1.7', mac: '0004f2aabbcc', iface: 'eth0' },
      { address: '192.168.1.1', mac: '02fc00000005', iface: 'eth0' },
      { address: '10.0.0.3', mac: '482567908b97', iface: 'br0' },
    ]);
  });

  it('parses /proc/net/arp, skipping incomplete (flags 0x0) entries', () => {
    const text = [
      'IP address       HW type     Flags       HW address            Mask     Device',
      '192.0.2.1        0x1         0x2         02:fc:00:00:00:05     *        eth0',
      '192.0.2.9        0x1         0x0         00:00:00:00:00:00     *        eth0',
      '192.0.2.7        0x1         0x2         00:04:F2:AA:BB:CC     *        eth1',
    ].join('\n');
    expect(parseProcNetArp(text)).toEqual([
      { address: '192.0.2.1', mac: '02fc00000005', iface: 'eth0' },
      { address: '192.0.2.7', mac: '0004f2aabbcc', iface: 'eth1' },
    ]);
  });

  it('parses Windows arp -a (per-interface blocks) and skips broadcast entries', () => {
    const text = [
      '',
      'Interface: 192.168.1.50 --- 0xb',
      '  Internet Address      Physical Address      Type',
      '  192.168.1.1           02-fc-00-00-00-05     dynamic',
      '  192.168.1.7           00-04-f2-aa-bb-cc     dynamic',
      '  192.168.1.255         ff-ff-ff-ff-ff-ff     static',
      '  224.0.0.22            01-00-5e-00-00-16     static',
    ].join('\r\n');
    expect(parseArpA(text)).toEqual([
      { address: '192.168.1.1', mac: '02fc00000005', iface: '192.168.1.50' },
      { address: '192.168.1.7', mac: '0004f2aabbcc', iface: '192.168.1.50' },
      { address: '224.0.0.22', mac: '01005e000016', iface: '192.168.1.50' },
    ]);
  });

  it('parses macOS arp -an with short octets and (incomplete) entries', () => {
    const text = [
      '? (192.168.1.1) at 2:fc:0:0:0:5 on en0 ifscope [ethernet]',
      '? (192.168.1.7) at 0:4:f2:aa:bb:cc on en0 ifscope [ethernet]',
      '? (192.168.1.8) at (incomplete) on en0 ifscope [ethernet]',
      '? (192.0.2.1) at 02:fc:00:00:00:05 [ether] on eth0',
    ].join('\n');
    expect(parseArpA(text)).toEqual([
      { address: '192.168.1.1', mac: '02fc00000005', iface: 'en0' },
      { address: '192.168.1.7', mac: '0004f2aabbcc', iface: 'en0' },
      { address: '192.0.2.1', mac: '02fc00000005', iface: 'eth0' },
    ]);
  });

  it('counts only complete /proc/net/arp entries (ATF_COM), whatever other flags are set', () => {
    const text = [
      'IP address       HW type     Flags       HW address            Mask     Device',
      '10.0.0.21        0x1         0x2         00:04:f2:aa:bb:cc     *        eth0',
      '10.0.0.22        0x1         0x0         00:00:00:00:00:00     *        eth0',
      '10.0.0.23        0x1         0x6         00:04:f2:aa:bb:cd     *        eth0',
      '10.0.0.24        0x1         0x4         00:04:f2:aa:bb:ce     *        eth0',
    ].join('\n');
    expect(parseProcNetArp(text).map((n) => [n.address, n.mac])).toEqual([
      ['10.0.0.21', '0004f2aabbcc'],
      ['10.0.0.23', '0004f2aabbcd'],
    ]);
  });

  it('looks up an address synchronously: Linux from /proc/net/arp, elsewhere from the last background read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provkit-arp-'));
    try {
      const file = join(dir, 'arp');
      writeFileSync(file, 'IP address HW type Flags HW address Mask Device\n10.0.0.21 0x1 0x2 00:04:f2:aa:bb:cc * eth0\n');
      const linux = neighbourLookup({ platform: 'linux', procFile: file });
      expect(linux('10.0.0.21')).toBe('0004f2aabbcc');
      expect(linux('10.0.0.99')).toBeUndefined();
      let reads = 0;
      const win = neighbourLookup({ platform: 'win32', read: async () => (reads++, [{ address: '10.0.0.7', mac: '0004f2000007' }]) });
      expect(win('10.0.0.7')).toBeUndefined(); // the first read is still running
      await vi.waitFor(() => expect(win('10.0.0.7')).toBe('0004f2000007'));
      expect(reads).toBe(1); // reused within 2 s
      expect(neighbourLookup({ platform: 'linux', procFile: join(dir, 'missing') })('10.0.0.21')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads this computer\u2019s table with a real tool (entries are well-formed)', async () => {
    const list = await readNeighbours();
    for (const n of list) {
      expect(n.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(n.mac).toMatch(/^[0-9a-f]{12}$/);
    }
  });
});

describe('subnets and OUIs', () => {
  it('expands a CIDR to its host addresses', () => {
    expect(expandCidr('192.168.1.0/30')).toEqual(['192.168.1.1', '192.168.1.2']);
    expect(expandCidr('10.0.0.77/29')).toEqual(['10.0.0.73', '10.0.0.74', '10.0.0.75', '10.0.0.76', '10.0.0.77', '10.0.0.78']);
    expect(expandCidr('127.0.0.9')).toEqual(['127.0.0.9']);
    expect(expandCidr('127.0.0.8/31')).toEqual(['127.0.0.8', '127.0.0.9']);
    expect(expandCidr('192.168.0.0/20')).toHaveLength(4094);
  });

  it('refuses malformed and oversized subnets with a fix', () => {
    for (const bad of ['192.168.1.0/33', '192.168.1.300/24', 'fe80::/64', 'lan', '10.0.0.0/8']) {
      expect(() => expandCidr(bad), bad).toThrow(CidrError);
    }
    try {
      expandCidr('10.0.0.0/8');
    } catch (err) {
      expect((err as CidrError).fix).toMatch(/at most 4,096/);
    }
  });

  it('recognises Polycom OUIs (facts §5) and not Verilink 00:E0:75', () => {
    expect(isPolycomMac('0004f2aabbcc')).toBe(true);
    expect(isPolycomMac('64167f000001')).toBe(true);
    expect(isPolycomMac('482567000001')).toBe(true);
    expect(isPolycomMac('00e075000001')).toBe(false);
    expect(isPolycomMac('00908f3bbcba')).toBe(false);
    expect(isPolycomMac('aabbcc000001', () => 'Polycom')).toBe(true);
  });
});

describe('does a phone boot against ProvKit?', () => {
  const servers = [
    { kind: 'http', bind: '10.0.0.2', port: 8080 },
    { kind: 'ftp', bind: '0.0.0.0', port: 21 },
    { kind: 'tftp', bind: '127.0.0.1', port: 69 },
  ];
  const local = ['10.0.0.2', '192.168.7.9', '127.0.0.1'];
  it.each([
    [{ serverType: 'http', serverName: '10.0.0.2:8080' }, true],
    [{ serverType: 'http', serverName: 'http://10.0.0.2:8080/mpv' }, true],
    [{ serverType: 'http', serverName: '10.0.0.2' }, false], // port 80, not 8080
    [{ serverType: 'https', serverName: '10.0.0.2:8080' }, false],
    [{ serverType: 'ftp', serverName: '192.168.7.9' }, true], // wildcard bind: any local address
    [{ serverType: 'ftp', serverName: 'ftp://PlcmSpIp:PlcmSpIp@192.168.7.9/' }, true],
    [{ serverType: 'ftp', serverName: '172.16.0.1' }, false],
    [{ serverType: 'tftp', serverName: 'localhost' }, true],
    [{ serverType: 'http', serverName: '' }, false],
    [{ serverType: undefined, serverName: '10.0.0.2:8080' }, false],
  ] as const)('%o → %s', (p, want) => {
    expect(pointsAtServers(p as never, servers, local)).toBe(want);
  });
});
