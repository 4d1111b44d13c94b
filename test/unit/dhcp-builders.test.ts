/**
 * Option builders: exact values, seven server snippets each, every snippet read back to the same
 * bytes and decoded by the codec to the same value.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../electron/engine/dhcp/codec/bytes';
import { optionDef } from '../../electron/engine/dhcp/codec/option-table';
import { buildOptions } from '../../electron/engine/dhcp/builders';
import { parseSnippet } from '../../electron/engine/dhcp/snippet-parse';

describe('option builders', () => {
  const r = buildOptions({ bootUrl: 'http://10.0.0.5:8080/polycom/', vlan: 100, toshiba: { serverIp: '192.168.100.39', vendorClass: 'with-nul', vlanEnabled: true, phoneVlan: 100, pcPortType: 'access', pcPortVlan: 101 } });

  it('gives the values in order 160, 66, VLAN, 43', () => {
    expect(r.options.map((o) => [o.code, o.value])).toEqual([
      [160, 'http://10.0.0.5:8080/polycom/'],
      [66, 'http://10.0.0.5:8080/polycom/'],
      [128, 'VLAN-A=100;'],
      [43, '010f544f53484942412049506564676500' + '0204c0a86427' + '030101' + '040164' + '050100' + '060165'],
    ]);
    expect(r.options[3]!.valueKind).toBe('hex');
  });

  it('every snippet of every option reads back to the same code and bytes, and decodes to the value', () => {
    for (const o of r.options) {
      expect(o.snippets.map((s) => s.server)).toEqual(['windows-netsh', 'windows-powershell', 'isc-dhcpd', 'kea', 'dnsmasq', 'cisco-ios', 'mikrotik']);
      for (const s of o.snippets) {
        const back = parseSnippet(s);
        expect(back.code, `${s.server} option ${o.code}`).toBe(o.code);
        expect(toHex(back.data), `${s.server} option ${o.code}`).toBe(o.hex);
        const v = optionDef(o.code).codec.decode(back.data, { vendorClass: 'TOSHIBA IPedge' });
        if (o.valueKind === 'string') expect(typeof v === 'string' ? v : (v as { text: string }).text).toBe(o.value);
        else expect(v).toMatchObject({ vendor: 'Toshiba IPedge', serverIp: '192.168.100.39', phoneVlan: 100 });
      }
    }
  });

  it('writes each server in its own syntax', () => {
    const by = (code: number, server: string) => r.options.find((o) => o.code === code)!.snippets.find((s) => s.server === server)!.text;
    expect(by(160, 'dnsmasq')).toBe('dhcp-option=160,"http://10.0.0.5:8080/polycom/"');
    expect(by(160, 'windows-netsh')).toBe('netsh dhcp server add optiondef 160 "Provisioning server" STRING 0\nnetsh dhcp server set optionvalue 160 STRING "http://10.0.0.5:8080/polycom/"');
    expect(by(66, 'windows-powershell')).toBe('Set-DhcpServerv4OptionValue -OptionId 66 -Value "http://10.0.0.5:8080/polycom/"');
    expect(by(66, 'isc-dhcpd')).toBe('option tftp-server-name "http://10.0.0.5:8080/polycom/";');
    expect(by(128, 'isc-dhcpd')).toBe('option vlan-discovery-128 code 128 = text;\noption vlan-discovery-128 "VLAN-A=100;";');
    expect(by(43, 'cisco-ios').split('\n')[1]).toBe('option 43 hex 010f.544f.5348.4942.4120.4950.6564.6765.0002.04c0.a864.2703.0101.0401.6405.0100.0601.65');
    expect(by(43, 'mikrotik')).toMatch(/^\/ip dhcp-server option add name=vendor-specific-information code=43 value=0x010f544f/);
    expect(JSON.parse(by(43, 'kea'))).toEqual({
      Dhcp4: { 'client-classes': [{ name: 'toshiba-ipedge', test: "substring(option[60].hex,0,14) == 'TOSHIBA IPedge'", 'option-data': [{ name: 'vendor-encapsulated-options', code: 43, space: 'dhcp4', 'csv-format': false, data: r.options[3]!.hex.toUpperCase() }] }] },
    });
    expect(by(43, 'windows-powershell')).toMatch(/-OptionId 43 -Value 0x01,0x0F,0x54,/);
  });

  it('notes scheme-less boot servers and refuses unsafe or impossible values', () => {
    expect(buildOptions({ bootUrl: '10.0.0.5' }).notes.join(' ')).toMatch(/Without a scheme/);
    expect(() => buildOptions({ bootUrl: 'http://x/"a' })).toThrow(/cannot be written safely/);
    expect(() => buildOptions({ vlan: 5000 })).toThrow(/not a VLAN id/);
    expect(() => buildOptions({ toshiba: { serverIp: '300.1.1.1' } })).toThrow(/not an IPv4 address/);
    expect(buildOptions({ bootUrl: 'http://a/', bootOptions: [66] }).options.map((o) => o.code)).toEqual([66]);
  });
});
