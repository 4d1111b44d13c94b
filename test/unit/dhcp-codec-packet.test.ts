/**
 * Whole messages: header incl. sname/file, magic cookie, pad/end, option overload (52) and long
 * options split across instances (RFC 3396), truncation and bad cookies as typed errors with offsets.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, textBytes, toHex } from '../../electron/engine/dhcp/codec/bytes';
import { DhcpDecodeError } from '../../electron/engine/dhcp/codec/errors';
import { FILE_AT, HEADER_SIZE, SNAME_AT } from '../../electron/engine/dhcp/codec/header';
import { decodePacket, encodePacket, formatXid, tryDecodePacket } from '../../electron/engine/dhcp/codec/packet';
import { packetJson } from '../../electron/engine/dhcp/packet-json';

const base = { op: 2 as const, xid: 0x1a2b3c4d, chaddr: '00:04:f2:aa:bb:cc' };

describe('DHCP messages', () => {
  it('round-trips the header, sname and file', () => {
    const msg = encodePacket({ ...base, broadcast: true, secs: 3, hops: 1, ciaddr: '0.0.0.0', yiaddr: '10.0.0.20', siaddr: '10.0.0.5', giaddr: '10.0.1.1', sname: 'boot.lab', file: 'sip.ld', options: [{ code: 53, data: Uint8Array.of(2) }] });
    expect(msg.length).toBe(300);
    const p = decodePacket(msg);
    expect(p).toMatchObject({ op: 2, htype: 1, hlen: 6, hops: 1, xid: 0x1a2b3c4d, secs: 3, flags: 0x8000, broadcast: true, yiaddr: '10.0.0.20', siaddr: '10.0.0.5', giaddr: '10.0.1.1', chaddr: '00:04:f2:aa:bb:cc', sname: 'boot.lab', file: 'sip.ld', cookie: true, messageType: 'OFFER', warnings: [] });
    expect(formatXid(p.xid)).toBe('0x1a2b3c4d');
  });

  it('skips pad options and stops at end', () => {
    const msg = encodePacket({ ...base, options: [] });
    msg.set(fromHex('00 00 35 01 05 00 01 04 ff ff ff 00 ff 33 04 00 00 00 01'), HEADER_SIZE + 4);
    const p = decodePacket(msg);
    expect(p.options.map((o) => o.code)).toEqual([53, 1]);
    expect(p.options[1]).toMatchObject({ offset: HEADER_SIZE + 4 + 6, value: '255.255.255.0' });
  });

  it('reads options from file and sname when overloaded, in RFC order', () => {
    const msg = encodePacket({ ...base, options: [] });
    msg.set(fromHex('35 01 02 34 01 03 ff'), HEADER_SIZE + 4);
    msg.set(fromHex('42 08 31 30 2e 30 2e 30 2e 35 ff'), FILE_AT); // 66 = 10.0.0.5 in file
    msg.set(fromHex('a0 04 68 74 74 70 ff'), SNAME_AT); // 160 = http in sname
    const p = decodePacket(msg);
    expect(p.overload).toBe(3);
    expect(p.options.map((o) => [o.code, o.where])).toEqual([[53, 'options'], [52, 'options'], [66, 'file'], [160, 'sname']]);
    expect(p.options[2]!.value).toBe('10.0.0.5');
    expect(p.sname).toBe('');
    expect(p.file).toBe('');
  });

  it('joins a long option split across instances (RFC 3396) and splits it again on encode', () => {
    const url = `http://provisioning.example.net/${'x'.repeat(300)}/`;
    const msg = encodePacket({ ...base, options: [{ code: 53, data: Uint8Array.of(2) }, { code: 160, data: textBytes(url) }, { code: 1, data: fromHex('ffffff00') }] });
    // Two instances on the wire: 255 bytes then the rest.
    expect(msg[HEADER_SIZE + 4 + 3]).toBe(160);
    expect(msg[HEADER_SIZE + 4 + 4]).toBe(255);
    const p = decodePacket(msg);
    expect(p.options.map((o) => o.code)).toEqual([53, 160, 1]);
    expect(p.options[1]).toMatchObject({ value: url, parts: 2 });
  });

  it('joins instances of one option split between the options field and file (overload)', () => {
    const msg = encodePacket({ ...base, options: [] });
    msg.set(fromHex('34 01 01 42 04 31 30 2e 30 ff'), HEADER_SIZE + 4);
    msg.set(fromHex('42 04 2e 30 2e 35 ff'), FILE_AT);
    expect(decodePacket(msg).options.find((o) => o.code === 66)).toMatchObject({ value: '10.0.0.5', parts: 2 });
  });

  it('treats a message without cookie and an empty vendor area as plain BOOTP', () => {
    const msg = encodePacket({ ...base, options: [] });
    msg.fill(0, HEADER_SIZE);
    expect(decodePacket(msg)).toMatchObject({ cookie: false, options: [] });
  });

  it('reports a bad cookie at offset 236 with the header decoded', () => {
    const msg = encodePacket({ ...base, options: [] });
    msg.set(fromHex('01020304'), HEADER_SIZE);
    const r = tryDecodePacket(msg);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(DhcpDecodeError);
    expect(r.error.offset).toBe(236);
    expect(r.partial).toMatchObject({ xid: 0x1a2b3c4d, chaddr: '00:04:f2:aa:bb:cc' });
    expect(packetJson(r.partial, { frame: 3, error: r.error })).toMatchObject({ frame: 3, xid: '0x1a2b3c4d', error: 'offset 236: magic cookie is 01020304, expected 63825363 (99.130.83.99)' });
  });

  it('reports a short header and an overrunning option with their offsets, keeping earlier options', () => {
    expect(() => decodePacket(new Uint8Array(100))).toThrow(/offset 100: the BOOTP header is 236 bytes/);
    const msg = encodePacket({ ...base, options: [{ code: 53, data: Uint8Array.of(2) }], minSize: 0 });
    const cut = new Uint8Array(msg.length + 2);
    cut.set(msg);
    cut.set(fromHex('42 09 41'), msg.length - 1);
    const r = tryDecodePacket(cut);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.offset).toBe(msg.length - 1);
    expect(r.error.reason).toMatch(/option 66 says 9 bytes but only 1 remain/);
    expect(r.partial?.options?.map((o) => o.code)).toEqual([53]);
  });

  it('encodes what it decodes (option data preserved)', () => {
    const msg = encodePacket({ ...base, options: [{ code: 53, data: Uint8Array.of(5) }, { code: 43, data: fromHex('02040a000005') }, { code: 66, data: textBytes('http://10.0.0.5/') }] });
    const p = decodePacket(msg);
    expect(toHex(encodePacket({ ...p, op: 2, chaddr: p.chaddr, options: p.options }))).toBe(toHex(msg));
  });
});
