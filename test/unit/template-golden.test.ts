/**
 * Golden tests: every shipped template rendered for fixed phones and site values must equal the
 * files in test/fixtures/golden/ byte for byte (UPDATE_GOLDEN=1 rewrites them; review the diff).
 * Every Polycom file (master and per-phone, every case, hostile values) must be well-formed XML.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseKeyValueParams, parsePolycomParams } from '../../electron/engine/provisioning/config-params';
import { FULL_SITE_VALUES, MPV_PROVIDER, rendererFor } from '../helpers/templates';

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const LINES = [
  { extension: '286', displayName: 'Reception', password: 's3cr&t<pw>' },
  { extension: '287', label: 'Line "2"', sipServer: 'pbx2.example.test', authUser: 'auth287' },
];
const PHONES = {
  polycom: { mac: '0004f2aabbcc', model: 'VVX400', label: 'Front desk <1> & co', lines: LINES, provider: 'mpv' },
  audiocodes: { mac: '00908f123456', model: '420HD', label: 'Agent420HD', lines: LINES, provider: 'mpv' },
  yealink: { mac: '001565aabbcc', model: 'SIP-T46G', label: 'Lab', lines: LINES, provider: 'mpv' },
};

/** [template, phone, files to render]. */
const CASES: Array<[string, keyof typeof PHONES, string[]]> = [
  ['polycom-uc3', 'polycom', ['0004f2aabbcc.cfg', '0004f2aabbcc-provkit.cfg']],
  ['polycom-uc4', 'polycom', ['0004f2aabbcc-provkit.cfg']],
  ['polycom-uc5', 'polycom', ['0004f2aabbcc.cfg', '0004f2aabbcc-provkit.cfg', '000000000000.cfg', '0004f2ffffff-provkit.cfg']],
  ['audiocodes-4xxhd', 'audiocodes', ['00908F123456.cfg']],
  ['yealink-t4x', 'yealink', ['y000000000028.cfg', '001565aabbcc.cfg']],
];

function golden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`${path} is missing: run with UPDATE_GOLDEN=1 and review it`);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  expect(text, name).toBe(readFileSync(path, 'utf8'));
}

describe('golden files per vendor and template', () => {
  for (const [template, vendor, files] of CASES) {
    for (const variant of ['full', 'minimal'] as const) {
      it(`${template} (${variant})`, async () => {
        const phone = variant === 'full' ? { ...PHONES[vendor], template } : { mac: PHONES[vendor].mac, template, lines: [{ extension: '7101' }] };
        const r = await rendererFor({ phones: [phone], values: variant === 'full' ? FULL_SITE_VALUES : {}, providers: [MPV_PROVIDER], defaults: { [vendor]: template } });
        for (const f of files) {
          const out = r.renderWithInfo(f);
          expect(out, `${f} is rendered`).toBeDefined();
          expect(out!.problems).toEqual([]);
          golden(`${template}/${variant}/${f}`, out!.text);
          if (vendor === 'polycom') expect(XMLValidator.validate(out!.text), f).toBe(true);
        }
      });
    }
  }
});

describe('what the files say', () => {
  it('Polycom UC5: registration, E911 user id, digit map, NTP, admin password, syslog, directory, redirect', async () => {
    const r = await rendererFor({ phones: [{ ...PHONES.polycom, template: 'polycom-uc5' }], values: FULL_SITE_VALUES, providers: [MPV_PROVIDER] });
    const params = Object.fromEntries(parsePolycomParams(r.render('0004f2aabbcc-provkit.cfg')!).params);
    expect(params).toMatchObject({
      'reg.1.address': '286',
      'reg.1.auth.userId': '286xatgnemx2', // AltiGen E911 example
      'reg.2.auth.userId': 'auth287',
      'reg.1.auth.password': 's3cr&t<pw>',
      'reg.1.displayName': 'Reception',
      'reg.1.label': 'Front desk <1> & co',
      'reg.2.label': 'Line "2"',
      'reg.1.server.1.address': 'pbx.example.test',
      'reg.1.server.1.port': '5060',
      'reg.1.server.1.transport': 'UDPOnly',
      'reg.1.server.1.expires': '3600',
      'reg.1.outboundProxy.address': 'sbc.example.test',
      'reg.1.outboundProxy.port': '5070',
      'reg.2.server.1.address': 'pbx2.example.test',
      'sec.tagSerialNo': '1',
      'license.polling.time': '03:30',
      'dialplan.digitmap': FULL_SITE_VALUES.digitMap,
      'tcpIpApp.sntp.gmtOffset': '-18000',
      'device.auth.localAdminPassword': 'Adm1n&"<pw>',
      'device.syslog.serverName': '10.0.0.9',
      'feature.directory.enabled': '1',
      'softkey.feature.directories': '0',
      'apps.restapi.enabled': '1',
      'device.set': '1',
      'device.dhcp.bootSrvUseOpt': 'Static',
      'device.prov.serverType': 'HTTP',
      'device.prov.serverName': '72.245.184.168/mpv',
      'device.prov.password': 'pr&v"pw',
    });
  });

  it('UC3 writes voIpProt.server.1.address and no UC5-only switches', async () => {
    const r = await rendererFor({ phones: [{ ...PHONES.polycom, template: 'polycom-uc3' }], values: FULL_SITE_VALUES, providers: [MPV_PROVIDER] });
    const params = new Map(parsePolycomParams(r.render('0004f2aabbcc-provkit.cfg')!).params);
    expect(params.get('voIpProt.server.1.address')).toBe('pbx.example.test');
    expect(params.get('voIpProt.server.1.port')).toBe('5060');
    expect(params.get('reg.1.server.1.port')).toBe('5060');
    expect(params.has('apps.restapi.enabled')).toBe(false);
    expect(params.has('reg.1.server.1.transport')).toBe(false);
  });

  it('AudioCodes and Yealink: key=value lines with the hand-off URL, one value per line', async () => {
    const r = await rendererFor({ phones: [{ ...PHONES.audiocodes, lines: [{ extension: '7501', displayName: 'evil\nvoip/line/0/id=666' }] }, PHONES.yealink], values: FULL_SITE_VALUES, providers: [MPV_PROVIDER] });
    const ac = r.renderWithInfo('00908f123456.cfg')!;
    const acParams = new Map(parseKeyValueParams(ac.text).params);
    expect(acParams.get('voip/line/0/id')).toBe('7501');
    expect(acParams.get('voip/line/0/description')).toBe('evilvoip/line/0/id=666');
    expect(ac.problems).toEqual(['displayName: line breaks removed from the value']);
    expect(acParams.get('provisioning/configuration/url')).toBe('http://72.245.184.168/mpv/');
    expect(acParams.get('voip/signalling/sip/proxy_address')).toBe('pbx.example.test');
    expect(acParams.get('voip/signalling/sip/proxy_port')).toBe('5060');
    expect(acParams.get('voip/signalling/sip/sip_registrar/addr')).toBe('pbx.example.test');
    expect(acParams.get('voip/signalling/sip/sip_registrar/port')).toBe('5060');
    expect(acParams.get('voip/signalling/sip/sip_outbound_proxy/addr')).toBe('sbc.example.test');
    expect(acParams.get('voip/signalling/sip/sip_outbound_proxy/port')).toBe('5070');
    const yl = new Map(parseKeyValueParams(r.render('001565aabbcc.cfg')!).params);
    expect(yl.get('account.1.user_name')).toBe('286');
    expect(yl.get('account.2.auth_name')).toBe('auth287');
    expect(yl.get('account.1.sip_server.1.address')).toBe('pbx.example.test');
    expect(yl.get('account.1.sip_server.1.port')).toBe('5060');
    expect(yl.get('account.2.sip_server.1.address')).toBe('pbx2.example.test');
    expect(yl.has('account.2.sip_server.1.port')).toBe(false);
    expect(yl.get('account.1.outbound_proxy.1.address')).toBe('sbc.example.test');
    expect(yl.get('static.auto_provision.server.url')).toBe('http://72.245.184.168/mpv/');
    expect(new Map(parseKeyValueParams(r.render('y000000000035.cfg')!).params).get('security.user_password')).toBe('admin:Adm1n&"<pw>');
  });

  it('hostile values never break Polycom XML, in any template', async () => {
    const nasty = `"><x a='1'/>&amp;\u0001<!-- --> ]]> \n\r\t`;
    const lines = [{ extension: '1', displayName: nasty, label: nasty, password: nasty, sipServer: 'pbx' }];
    for (const template of ['polycom-uc3', 'polycom-uc4', 'polycom-uc5']) {
      const r = await rendererFor({ phones: [{ mac: '0004f2000001', label: nasty, template, lines, customFiles: ['a&b.cfg'], provider: 'mpv' }], values: { ...FULL_SITE_VALUES, adminPassword: 'x"<&>yz' }, providers: [{ ...MPV_PROVIDER, server: 'h/"<&>', user: nasty }] });
      for (const f of ['0004f2000001.cfg', '0004f2000001-provkit.cfg']) {
        const xml = r.render(f)!;
        expect(XMLValidator.validate(xml), `${template} ${f}`).toBe(true);
      }
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.render('0004f2000001-provkit.cfg')!);
      expect(parsed.polycomConfig.device['device.prov.serverName']).toBe('h/"<&>');
    }
  });
});
