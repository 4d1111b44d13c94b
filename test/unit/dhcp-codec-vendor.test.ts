/**
 * Vendor vectors from the seeds (acceptance): the Polycom option 60 example (Polycom Admin
 * Guide "Parse Vendor ID Information", IP601) and every hex example of the Toshiba IPedge Table 1
 * (Toshiba IPedge IP Telephone Auto Configuration guide); VLAN strings; AudioCodes/MS-UC option 43.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, textBytes, toHex } from '../../electron/engine/dhcp/codec/bytes';
import { decodeVendorSpecific, encodeToshiba43 } from '../../electron/engine/dhcp/codec/option43';
import { decodePacket, encodePacket } from '../../electron/engine/dhcp/codec/packet';
import { decodeVendorClass, encodePolycomVendorClass } from '../../electron/engine/dhcp/codec/vendor-class';
import { formatVlanString, parseVlanString } from '../../electron/engine/dhcp/codec/vlan';
import { encodeTlvs } from '../../electron/engine/dhcp/codec/tlv';
import { phoneHintOf, vendorClassText } from '../../electron/engine/dhcp/summary';

// The bytes listed in the guide, sub-option by sub-option (after "3c 74").
const POLYCOM_EXAMPLE = [
  '00 00 36 3d',
  '6f',
  '01 07 50 6f 6c 79 63 6f 6d',
  '02 15 53 6f 75 6e 64 50 6f 69 6e 74 49 50 2d 53 50 49 50 5f 36 30 31',
  '03 10 32 33 34 35 2d 31 31 36 30 35 2d 30 30 31 2c 32',
  '04 1c 53 49 50 2f 54 69 70 2e 58 58 58 58 2f 30 38 2d 4a 75 6e 2d 30 37 20 31 30 3a 34 34',
  '05 1d 42 52 2f 33 2e 31 2e 30 2e 58 58 58 58 2f 32 38 2d 41 70 72 2d 30 35 20 31 33 3a 33 30',
  'ff',
].join(' ');
const FIELDS = {
  company: 'Polycom',
  model: 'SoundPointIP-SPIP_601',
  partNumber: '2345-11605-001,2',
  appVersion: 'SIP/Tip.XXXX/08-Jun-07 10:44',
  bootromVersion: 'BR/3.1.0.XXXX/28-Apr-05 13:30',
};

describe('Polycom option 60 (RFC 3925 form)', () => {
  it('encodes the guide example byte for byte', () => {
    expect(toHex(encodePolycomVendorClass(FIELDS))).toBe(toHex(fromHex(POLYCOM_EXAMPLE)));
  });

  it('decodes the guide example, with and without the trailing 0xff', () => {
    const bytes = fromHex(POLYCOM_EXAMPLE);
    // The guide prints the option length as 0x74 (116): one less than the bytes listed, i.e. without
    // the 0xff. Both must decode the same.
    for (const data of [bytes, bytes.subarray(0, 0x74)]) {
      expect(decodeVendorClass(data)).toMatchObject({ form: 'rfc3925', enterprise: 13885, vendor: 'Polycom', ...FIELDS });
    }
  });

  it('gives the phone model and versions when inside a DISCOVER', () => {
    const p = decodePacket(encodePacket({ op: 1, xid: 0x1234, chaddr: '0004f2000601', options: [{ code: 53, data: Uint8Array.of(1) }, { code: 60, data: fromHex(POLYCOM_EXAMPLE) }] }));
    expect(p.options[1]!.name).toBe('vendor-class-identifier');
    expect(phoneHintOf(p)).toEqual({ vendor: 'Polycom', model: 'SoundPointIP-SPIP_601', partNumber: '2345-11605-001,2', appVersion: FIELDS.appVersion, bootromVersion: FIELDS.bootromVersion });
    expect(vendorClassText(p)).toBe(`Polycom SoundPointIP-SPIP_601 2345-11605-001,2 ${FIELDS.appVersion} ${FIELDS.bootromVersion}`);
    const vvx = decodePacket(encodePacket({ op: 1, xid: 1, chaddr: '0004f2000400', options: [{ code: 60, data: encodePolycomVendorClass({ model: 'VVX-VVX_400', partNumber: '3111-46157-002,1', appVersion: 'SIP/5.9.0.9373/x', bootromVersion: 'UP/5.9.0.9373/x' }) }] }));
    expect(phoneHintOf(vvx)?.model).toBe('VVX400');
  });

  it('reports a block longer than the option as an error at its length byte', () => {
    expect(() => decodeVendorClass(fromHex('0000363d7f0107506f6c79636f6d'))).toThrow(/offset 4: enterprise 13885 block says 127 bytes/);
  });

  it('keeps plain-text vendor classes as text', () => {
    expect(decodeVendorClass(textBytes('TOSHIBA IPedge\0'))).toBe('TOSHIBA IPedge');
    expect(decodeVendorClass(textBytes('MSFT 5.0'))).toBe('MSFT 5.0');
  });
});

describe('Toshiba IPedge option 43 (seed Table 1)', () => {
  const ROWS: Array<[string, string, { code: number; data: Uint8Array }]> = [
    ['vendor class with NUL', '01 0f 54 4f 53 48 49 42 41 20 49 50 65 64 67 65 00', { code: 1, data: textBytes('TOSHIBA IPedge\0') }],
    ['vendor class without NUL', '01 0e 54 4f 53 48 49 42 41 20 49 50 65 64 67 65', { code: 1, data: textBytes('TOSHIBA IPedge') }],
    ['server 192.168.100.39', '02 04 c0 a8 64 27', { code: 2, data: Uint8Array.of(192, 168, 100, 39) }],
    ['VLAN disable', '03 01 00', { code: 3, data: Uint8Array.of(0) }],
    ['VLAN enable', '03 01 01', { code: 3, data: Uint8Array.of(1) }],
    ['phone VLAN 100', '04 01 64', { code: 4, data: Uint8Array.of(100) }],
    ['PC port access', '05 01 00', { code: 5, data: Uint8Array.of(0) }],
    ['PC port trunk', '05 01 01', { code: 5, data: Uint8Array.of(1) }],
    ['PC port VLAN 101', '06 01 65', { code: 6, data: Uint8Array.of(101) }],
  ];
  for (const [label, hex, tlv] of ROWS) {
    it(`row "${label}" is ${hex}`, () => {
      expect(toHex(encodeTlvs([tlv]))).toBe(toHex(fromHex(hex)));
    });
  }

  it('builds the whole option from the form fields, table order, and decodes it back', () => {
    const data = encodeToshiba43({ serverIp: '192.168.100.39', vendorClass: 'with-nul', vlanEnabled: true, phoneVlan: 100, pcPortType: 'access', pcPortVlan: 101 });
    expect(toHex(data)).toBe(toHex(fromHex(ROWS.filter((r) => !/without|disable|trunk/.test(r[0])).map((r) => r[1]).join(' '))));
    expect(decodeVendorSpecific(data, 'TOSHIBA IPedge')).toMatchObject({ vendor: 'Toshiba IPedge', serverIp: '192.168.100.39', vlanEnabled: true, phoneVlan: 100, pcPortType: 'access', pcPortVlan: 101 });
  });

  it('uses two bytes for VLAN ids above 255 (Table 1 note)', () => {
    expect(toHex(encodeToshiba43({ serverIp: '10.0.0.1', vendorClass: 'omit', phoneVlan: 300 }))).toBe('02040a000001' + '0402012c');
    expect(decodeVendorSpecific(fromHex('02040a0000010402012c')).phoneVlan).toBeUndefined(); // no vendor known: raw
    expect(decodeVendorSpecific(fromHex('02040a0000010402012c'), 'TOSHIBA IPedge').phoneVlan).toBe(300);
  });

  it('rejects a VLAN id outside 1-4094 and a server address of the wrong size', () => {
    expect(() => encodeToshiba43({ serverIp: '10.0.0.1', phoneVlan: 4095 })).toThrow(/4095 is not a VLAN id/);
    expect(() => decodeVendorSpecific(fromHex('0203c0a864'), 'TOSHIBA IPedge')).toThrow(/offset 0: server address sub-option must be 4 bytes/);
  });
});

describe('option 43 for AudioCodes (MS-UC-Client) and unknown vendors', () => {
  it('reads the MS-UC-Client sub-options and builds the URL', () => {
    const data = encodeTlvs([
      { code: 1, data: textBytes('MS-UC-Client') },
      { code: 2, data: textBytes('https') },
      { code: 3, data: textBytes('pool.lab.voip') },
      { code: 4, data: textBytes('443') },
      { code: 5, data: textBytes('/CertProv/CertProvisioningService.svc') },
    ]);
    expect(decodeVendorSpecific(data)).toMatchObject({ vendor: 'MS-UC-Client', url: 'https://pool.lab.voip:443/CertProv/CertProvisioningService.svc' });
  });

  it('keeps unknown layouts as raw sub-options, or text', () => {
    expect(decodeVendorSpecific(fromHex('0103616263ff'))).toEqual({ hex: '0103616263ff', subOptions: [{ code: 1, hex: '616263', value: 'abc' }] });
    expect(decodeVendorSpecific(textBytes('http://10.0.0.5/'))).toEqual({ text: 'http://10.0.0.5/', hex: toHex(textBytes('http://10.0.0.5/')) });
  });
});

describe('VLAN strings', () => {
  it('parses decimal, hex and octal ids joined by +', () => {
    expect(parseVlanString('VLAN-A=100;')?.ids).toEqual([100]);
    expect(parseVlanString('VLAN-A=0x64+0144+200;')?.ids).toEqual([100, 100, 200]);
    expect(parseVlanString('VLAN-A:300+301.')?.ids).toEqual([300, 301]);
    expect(parseVlanString('VLAN-A=5000;')).toBeUndefined();
    expect(parseVlanString('hello')).toBeUndefined();
  });
  it('formats ids', () => {
    expect(formatVlanString([100])).toBe('VLAN-A=100;');
    expect(formatVlanString([100, 200])).toBe('VLAN-A=100+200;');
    expect(() => formatVlanString([0])).toThrow(/not a VLAN id/);
  });
});
