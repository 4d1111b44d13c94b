/**
 * Which boot server a phone uses from one answer (docs/sources.md §2): Polycom modes, AudioCodes precedence
 * and 66/67 rules, Toshiba option 43, sname fallback and 66/160 disagreement warnings; the probe's
 * offer diff and verdicts.
 */
import { describe, expect, it } from 'vitest';
import type { ProbeOffer, ProbeResult } from '../../shared/dhcp-dto';
import { textBytes } from '../../electron/engine/dhcp/codec/bytes';
import { encodeToshiba43 } from '../../electron/engine/dhcp/codec/option43';
import { decodePacket, encodePacket } from '../../electron/engine/dhcp/codec/packet';
import { bootServerFor, POLYCOM_DEFAULT, type BootPolicy } from '../../electron/engine/dhcp/boot-server';
import { diffOffers, probeVerdict } from '../../electron/engine/dhcp/offer-diff';

function offer(opts: Record<number, string | Uint8Array>, sname = '', vendorClass?: string) {
  const options = Object.entries(opts).map(([c, v]) => ({ code: Number(c), data: typeof v === 'string' ? textBytes(v) : v }));
  return decodePacket(encodePacket({ op: 2, xid: 1, chaddr: '0004f2000001', sname, options: [{ code: 53, data: Uint8Array.of(2) }, ...options] }), vendorClass ? { vendorClass } : {});
}
const polycom = (mode: 'custom+66' | 'custom' | '66' | 'static', customOption = 160, customType: 'string' | 'ip' = 'string'): Extract<BootPolicy, { vendor: 'polycom' }> => ({ vendor: 'polycom', mode, customOption, customType });

describe('boot server decisions', () => {
  const both = offer({ 160: 'http://a/', 66: 'http://b/' });
  it('Polycom Custom+66 (default) takes 160 and warns that 66 differs', () => {
    const d = bootServerFor(both, POLYCOM_DEFAULT);
    expect(d).toMatchObject({ server: 'http://a/', source: 'option 160' });
    expect(d.warnings[0]).toMatch(/Options 160 \("http:\/\/a\/"\) and 66 \("http:\/\/b\/"\) differ/);
  });
  it('Polycom 66-only, Custom-only with another option and IP type, and Static', () => {
    expect(bootServerFor(both, polycom('66'))).toMatchObject({ server: 'http://b/', source: 'option 66' });
    expect(bootServerFor(offer({ 66: 'http://b/' }), polycom('custom')).server).toBeUndefined();
    expect(bootServerFor(offer({ 150: Uint8Array.of(10, 0, 0, 9) }), polycom('custom', 150, 'ip'))).toMatchObject({ server: '10.0.0.9', source: 'option 150' });
    expect(bootServerFor(both, { ...polycom('static'), staticServer: 'ftp://x/' })).toMatchObject({ server: 'ftp://x/', source: 'static', warnings: [expect.stringMatching(/ignores the boot server options/)] });
  });
  it('falls back to sname with a warning, and says what happens with nothing', () => {
    const d = bootServerFor(offer({}, '10.0.0.5'), POLYCOM_DEFAULT);
    expect(d).toMatchObject({ server: '10.0.0.5', source: 'sname' });
    expect(d.warnings[0]).toMatch(/only in the BOOTP sname field/);
    expect(bootServerFor(offer({}), POLYCOM_DEFAULT).warnings[0]).toMatch(/Failed to contact boot server/);
  });
  it('AudioCodes: 160 first, then 66/67 (TFTP when no scheme), then 43', () => {
    const ac: BootPolicy = { vendor: 'audiocodes', urlOption: 160 };
    expect(bootServerFor(both, ac)).toMatchObject({ server: 'http://a/', source: 'option 160' });
    expect(bootServerFor(offer({ 66: '192.168.0.11', 67: 'abc.img;efg.cfg' }), ac)).toMatchObject({ server: 'tftp://192.168.0.11/abc.img;efg.cfg', source: 'options 66/67' });
    expect(bootServerFor(offer({ 66: 'http://h/abc.img;efg.cfg', 67: 'x.img' }), ac)).toMatchObject({ server: 'http://h/abc.img;efg.cfg' });
    expect(bootServerFor(offer({ 43: 'https://prov.example/ac/' }), ac)).toMatchObject({ server: 'https://prov.example/ac/', source: 'option 43' });
  });
  it('Toshiba reads the IPedge server from option 43', () => {
    const t = offer({ 43: encodeToshiba43({ serverIp: '10.1.1.1' }) }, '', 'TOSHIBA IPedge');
    expect(bootServerFor(t, { vendor: 'toshiba' })).toMatchObject({ server: '10.1.1.1', source: 'option 43' });
  });
});

describe('offer diff and verdict', () => {
  const mk = (server: string, boot: string | undefined, o66: string): ProbeOffer => ({
    server,
    from: server,
    messageType: 'OFFER',
    yiaddr: '10.0.0.50',
    offered: {},
    ...(boot ? { bootServer: boot, bootSource: 'option 160' } : {}),
    warnings: [],
    options: [{ code: 66, name: 'tftp-server-name', hex: '', value: o66 }, { code: 54, name: 'server-identifier', hex: '', value: server }],
  });
  const base = (offers: ProbeOffer[]): ProbeResult => ({ profile: 'vvx400', iface: 'eth0', mac: '0004f2000001', xid: '0x1', inform: false, sentTo: '', waitedMs: 4000, offers, diff: [], verdict: '', warnings: [] });
  it('marks differing rows and warns about a rogue server', () => {
    const offers = [mk('10.0.0.1', 'http://a/', 'x'), mk('10.0.0.2', undefined, 'x')];
    const diff = diffOffers(offers);
    expect(diff.find((d) => d.code === 66)).toEqual({ code: 66, name: 'tftp-server-name', values: ['x', 'x'], same: true });
    expect(diff.find((d) => d.code === 54)).toMatchObject({ same: false, values: ['10.0.0.1', '10.0.0.2'] });
    const v = probeVerdict(base(offers), 'VVX 400');
    expect(v.verdict).toBe('2 DHCP servers answer on eth0 — a VVX 400 takes the first (10.0.0.1 → http://a/ (option 160); 10.0.0.2 → no boot server); remove the rogue server.');
    expect(v.warnings[0]).toMatch(/rogue server/);
  });
  it('says when nobody answered', () => {
    expect(probeVerdict(base([]), 'VVX 400').verdict).toMatch(/^No DHCP server answered a VVX 400's DISCOVER on eth0 within 4 s/);
  });
});
