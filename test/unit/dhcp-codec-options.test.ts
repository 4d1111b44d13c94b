/**
 * Byte-exact vectors for every typed option (acceptance): each value decodes from its bytes
 * and encodes back to the same bytes; bad sizes give a typed error naming the offset.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../electron/engine/dhcp/codec/bytes';
import { DhcpDecodeError } from '../../electron/engine/dhcp/codec/errors';
import { optionDef, OPTION_TABLE } from '../../electron/engine/dhcp/codec/option-table';
import { decodePacket, encodePacket } from '../../electron/engine/dhcp/codec/packet';

/** [code, data hex, typed value] — value decoded from the bytes, and the bytes encoded from the value. */
const VECTORS: Array<[number, string, unknown]> = [
  [1, 'ffffff00', '255.255.255.0'],
  [2, 'ffffb9b0', -18000], // CIC guide: "FFFF.B9B0 ... -18000"
  [3, '0a000001', ['10.0.0.1']],
  [4, '0a000005c0a80101', ['10.0.0.5', '192.168.1.1']],
  [6, '0afa01050afa0002', ['10.250.1.5', '10.250.0.2']], // CIC guide example 10.250.1.5 10.250.0.2
  [12, '7068312d766f6970', 'ph1-voip'],
  [15, '6c61622e766f6970', 'lab.voip'], // CIC guide: lab.voip
  [42, '0a000005', ['10.0.0.5']],
  [50, 'c0a80a14', '192.168.10.20'],
  [51, '00015180', 86400],
  [53, '01', 'DISCOVER'],
  [53, '02', 'OFFER'],
  [53, '05', 'ACK'],
  [53, '08', 'INFORM'],
  [54, 'c0a80a01', '192.168.10.1'],
  [55, '0103062a4296a0', [1, 3, 6, 42, 66, 150, 160]],
  [57, '05dc', 1500],
  [60, '3432304844', '420HD'], // AudioCodes plain model name (docs/sources.md §2)
  [61, '010004f2aabbcc', { type: 1, hex: '0004f2aabbcc', mac: '00:04:f2:aa:bb:cc' }],
  [66, '31302e302e302e3131', '10.0.0.11'], // CIC guide Option 066 example
  [67, '34323068642e696d67', '420hd.img'], // CIC guide Option 067 example
  [77, '3434304844', '440HD'], // AudioCodes sends the model in 77 too (docs/sources.md §2), as plain text
  [82, '0106657468302f31020461626364', [{ code: 1, name: 'agent-circuit-id', hex: '657468302f31', text: 'eth0/1' }, { code: 2, name: 'agent-remote-id', hex: '61626364', text: 'abcd' }]],
  [120, '00037369700461636d6503636f6d00', { encoding: 0, servers: ['sip.acme.com'] }],
  [120, '010a000001', { encoding: 1, servers: ['10.0.0.1'] }],
  [128, '564c414e2d413d3130303b', { text: 'VLAN-A=100;', vlan: [100], hex: '564c414e2d413d3130303b' }],
  [132, '313030', '100'], // CIC guide Option 132 example "100" (String)
  [144, '564c414e2d413d3130302b3230303b', { text: 'VLAN-A=100+200;', vlan: [100, 200], hex: '564c414e2d413d3130302b3230303b' }],
  [150, 'c0a8010ac0a8010b', ['192.168.1.10', '192.168.1.11']],
  [157, '564c414e2d413d37303b', { text: 'VLAN-A=70;', vlan: [70], hex: '564c414e2d413d37303b' }],
  [160, '687474703a2f2f70726f766973696f6e2e6c61622e766f69703a38303838', 'http://provision.lab.voip:8088'], // CIC guide Option 160 example
  [161, '68747470733a2f2f6d75642e6578616d706c652f78', 'https://mud.example/x'],
  [191, '564c414e2d413d3130303b', { text: 'VLAN-A=100;', vlan: [100], hex: '564c414e2d413d3130303b' }],
];

describe('option vectors', () => {
  for (const [code, hex, value] of VECTORS) {
    it(`option ${code} (${optionDef(code).name}) ${hex}`, () => {
      const def = optionDef(code);
      expect(def.codec.decode(fromHex(hex), {})).toEqual(value);
      expect(toHex(def.codec.encode(value as never))).toBe(hex);
    });
  }

  it('decodes option 77 as RFC 3004 instances when the bytes are length-prefixed', () => {
    const d = fromHex('077375626f707431117375626f7074322d313233343536373839');
    expect(optionDef(77).codec.decode(d, {})).toEqual(['subopt1', 'subopt2-123456789']);
    expect(toHex(optionDef(77).codec.encode(['subopt1', 'subopt2-123456789'] as never))).toBe(toHex(d));
  });

  it('decodes option 124 and 125 enterprise blocks (RFC 3925)', () => {
    const v124 = optionDef(124).codec.decode(fromHex('0000363d0807506f6c79636f6d'), {});
    expect(v124).toEqual([{ enterprise: 13885, vendor: 'Polycom', classes: [{ text: 'Polycom', hex: '506f6c79636f6d' }] }]);
    expect(toHex(optionDef(124).codec.encode(v124 as never))).toBe('0000363d0807506f6c79636f6d');
    const v125 = optionDef(125).codec.decode(fromHex('00000de90b0203414243040441424344'), {});
    expect(v125).toEqual([{ enterprise: 3561, vendor: 'Broadband Forum', subOptions: [{ code: 2, text: 'ABC', hex: '414243' }, { code: 4, text: 'ABCD', hex: '41424344' }] }]);
    expect(toHex(optionDef(125).codec.encode(v125 as never))).toBe('00000de90b0203414243040441424344');
  });

  it('covers every option the issue lists with a typed decoder', () => {
    for (const code of [1, 2, 3, 4, 6, 12, 15, 42, 43, 50, 51, 53, 54, 55, 57, 60, 61, 66, 67, 77, 82, 120, 124, 125, 128, 132, 144, 150, 157, 160, 161, 191]) {
      expect(OPTION_TABLE.get(code)?.codec.kind, `option ${code}`).not.toBe('raw');
    }
  });

  it('reports a wrong size as an option error with the offset of the bad option, keeping the bytes', () => {
    const msg = encodePacket({ op: 2, xid: 1, chaddr: '0004f2aabbcc', options: [{ code: 53, data: Uint8Array.of(2) }, { code: 1, data: Uint8Array.of(255, 255, 255) }] });
    const p = decodePacket(msg);
    const mask = p.options.find((o) => o.code === 1)!;
    expect(mask.value).toBeNull();
    expect(toHex(mask.data)).toBe('ffffff');
    expect(mask.error).toEqual({ offset: 243 + 2, reason: 'subnet-mask: an address is 4 bytes, got 3 byte(s)' });
    expect(() => optionDef(51).codec.decode(fromHex('0001'), {})).toThrow(DhcpDecodeError);
  });

  it('names unknown options option-<code> and keeps their bytes', () => {
    const p = decodePacket(encodePacket({ op: 1, xid: 7, chaddr: '0004f2aabbcc', options: [{ code: 53, data: Uint8Array.of(1) }, { code: 222, data: fromHex('deadbeef') }] }));
    expect(p.options[1]).toMatchObject({ code: 222, name: 'option-222', value: null });
    expect(toHex(p.options[1]!.data)).toBe('deadbeef');
  });
});
