/**
 * Vendor-class scoping with a real DHCP server (root only; network namespaces this test creates):
 * dnsmasq configured with ProvKit's own dnsmasq snippets — Toshiba option 43 limited to
 * `TOSHIBA IPedge`, the CIC recovery file (option 67) limited to `420HD`, option 160 for everyone —
 * answers ProvKit's probe imitating each phone. A Toshiba IP5000 gets option 43 and a 420HD gets
 * 420hd.img, while a VVX 400 (which asks for 43 too) and a client with another vendor class get
 * neither; the CIC time and name records (2, 4, 6, 15, 42) arrive with the bytes built.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../shared/dhcp-dto';
import { buildOptions } from '../../electron/engine/dhcp/builders';
import { netnsUnavailable, Segment, waitFor, type Member } from '../helpers/netns';
import { REPO } from '../helpers/serve';

const hasDnsmasq = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v dnsmasq'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const why = netnsUnavailable() ?? (hasDnsmasq ? undefined : 'dnsmasq is not installed');
const PROVKIT = join(REPO, 'bin', 'provkit.mjs');
const BOOT = 'http://10.78.0.1:8080/prov/';

let seg: Segment;
let client: Member;

function probe(as: string, extra: string[] = []): ProbeResult {
  const out = execFileSync('ip', ['netns', 'exec', client.ns, process.execPath, PROVKIT, 'dhcp', 'probe', '--iface', client.dev, '--as', as, '--wait', '3', '--json', ...extra], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PROVKIT_LOG_LEVEL: 'warn' },
  });
  return JSON.parse(out) as ProbeResult;
}

beforeAll(async () => {
  if (why) return;
  seg = new Segment('sd');
  const server = seg.add('10.78.0.1/24', '02:00:00:78:00:01');
  client = seg.add('10.78.0.200/24', '02:00:00:78:00:02');
  const built = buildOptions({
    family: 'audiocodes',
    bootUrl: BOOT,
    recoveryModels: ['420HD'],
    toshiba: { serverIp: '10.78.0.7', vendorClass: 'with-nul' },
    timeOffset: -18000,
    timeServers: ['10.250.1.21'],
    ntpServers: ['10.250.1.20'],
    dnsServers: ['10.250.1.5', '10.250.0.2'],
    domainName: 'lab.voip',
  });
  const dir = mkdtempSync(join(tmpdir(), 'seed-scope-'));
  writeFileSync(join(dir, 'provkit.conf'), `${built.options.map((o) => o.snippets.find((s) => s.server === 'dnsmasq')!.text).join('\n')}\n`);
  const dnsmasq = seg.spawn(server, 'dnsmasq', ['--no-daemon', '--conf-file=/dev/null', `--conf-dir=${dir}`, '--pid-file=', '--port=0', `--interface=${server.dev}`, '--bind-interfaces', '--no-ping', '--dhcp-range=10.78.0.50,10.78.0.99,255.255.255.0,1h', `--dhcp-leasefile=${join(dir, 'leases')}`, '--log-facility=-']);
  await waitFor('dnsmasq to start', () => /sockets bound/.test(dnsmasq.output()));
}, 60_000);
afterAll(async () => {
  await seg?.destroy();
});

describe.skipIf(Boolean(why))(`options limited to a vendor class, served by dnsmasq${why ? ` — skipped: ${why}` : ''}`, () => {
  it('a Toshiba IP5000 gets option 43 (its server); a VVX 400 asking for 43 does not', () => {
    const t = probe('toshiba-ip5000');
    expect(t.offers).toHaveLength(1);
    expect(t.offers[0]).toMatchObject({ bootServer: '10.78.0.7', bootSource: 'option 43' });
    expect(t.offers[0]!.options.find((o) => o.code === 43)?.hex).toBe('010f544f53484942412049506564676500' + '02040a4e0007' + '030100');
    const v = probe('vvx400');
    expect(v.offers).toHaveLength(1);
    expect(v.offers[0]!.options.some((o) => o.code === 43)).toBe(false);
    expect(v.offers[0]).toMatchObject({ bootServer: BOOT, bootSource: 'option 160' });
    // The CIC time and name records reach the phone as built (VVX 400 asks for 2, 4, 6, 15, 42).
    const hex = (code: number) => v.offers[0]!.options.find((o) => o.code === code)?.hex;
    expect([hex(2), hex(4), hex(6), hex(15), hex(42)]).toEqual(['ffffb9b0', '0afa0115', '0afa01050afa0002', '6c61622e766f6970', '0afa0114']);
  }, 90_000);

  it('a 420HD gets its recovery file 420hd.img in option 67; another vendor class gets no 67', () => {
    const a = probe('audiocodes-420hd');
    expect(a.offers[0]!.offered.option67).toBe('420hd.img');
    const c = probe('custom', ['--vendor-class', 'SIP200']);
    expect(c.offers[0]!.options.some((o) => o.code === 67)).toBe(false);
    expect(c.offers[0]!.options.some((o) => o.code === 43)).toBe(false);
  }, 90_000);
});
