import { mkdtempSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { POLYCOM_MODELS } from '../../shared/models';
import { ConfigRenderer, expandCustomFile, redirectParams, SHIPPED_TEMPLATES_DIR } from '../../electron/engine/provisioning/config-render';
import { parseMaster } from '../../electron/engine/provisioning/master-config';
import { MPV_PROVIDER, rendererFor } from '../helpers/templates';

const phone = {
  mac: '0004f2aabbcc',
  model: 'VVX400',
  label: 'Front desk <1> & "co"',
  lines: [{ extension: '2001', password: 's3cr&t', sipServer: 'pbx.example.test' }],
  provider: 'mpv',
};
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

describe('ConfigRenderer', () => {
  it('serves a default master with an empty inventory, naming the default template file by macro', () => {
    const empty = new ConfigRenderer({ getPhone: () => undefined });
    const xml = empty.render('000000000000.cfg')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    const app = parser.parse(xml).APPLICATION;
    expect(app.APP_FILE_PATH).toBe('sip.ld');
    expect(app.CONFIG_FILES).toBe('[PHONE_MAC_ADDRESS]-provkit.cfg');
    for (const attr of ['LOG_FILE_DIRECTORY', 'OVERRIDES_DIRECTORY', 'CONTACTS_DIRECTORY', 'LICENSE_DIRECTORY', 'CALL_LISTS_DIRECTORY']) {
      expect(app).toHaveProperty(attr);
    }
    expect(empty.render('0004f2aabbcc.cfg')).toBeUndefined();
  });

  it('has one APPLICATION_<MODEL> child per known model pointing at its split image', async () => {
    const app = parser.parse((await rendererFor({ phones: [phone] })).render('000000000000.cfg')!).APPLICATION;
    for (const m of POLYCOM_MODELS) {
      expect(app[`APPLICATION_${m.code}`][`APP_FILE_PATH_${m.code}`]).toBe(`${m.partNumber}.sip.ld`);
    }
  });

  it('renders a per-phone master naming the phone files then its custom files, read back as a phone would', async () => {
    const r = await rendererFor({ phones: [{ ...phone, customFiles: ['[MACADDRESS]-config.cfg', '[MODEL]-config.cfg', 'site/[PHONE_MODEL].cfg'] }], master: { licenseDirectory: 'licenses' } });
    const xml = r.render('0004F2AABBCC.cfg')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    const vvx400 = POLYCOM_MODELS.find((m) => m.code === 'VVX400')!;
    const app = parseMaster(xml, vvx400, phone.mac);
    // CIC: [MACADDRESS] and [MODEL] placeholders, custom files after the generated ones.
    expect(app.configFiles).toEqual(['0004f2aabbcc-provkit.cfg', '0004f2aabbcc-config.cfg', 'VVX400-config.cfg', 'site/VVX400.cfg']);
    expect(app.appFilePath).toBe('3111-46157-002.sip.ld');
    expect(app.licenseDir).toBe('licenses');
  });

  it('leaves the model macro to the phone when the model is unknown', () => {
    expect(expandCustomFile('[MODEL]-x.cfg', { mac: '0004f2000001', lines: [] })).toBe('[PHONE_MODEL]-x.cfg');
  });

  it('per-phone config from the template: registration and redirect, escaped', async () => {
    const xml = (await rendererFor({ phones: [phone], providers: [MPV_PROVIDER] })).render('0004f2aabbcc-provkit.cfg')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    const cfg = parser.parse(xml).polycomConfig;
    expect(cfg.reg['reg.1.address']).toBe('2001');
    expect(cfg.reg['reg.1.auth.password']).toBe('s3cr&t');
    expect(cfg.reg['reg.1.label']).toBe('Front desk <1> & "co"');
    expect(cfg.reg['reg.1.server.1.address']).toBe('pbx.example.test');
    expect(cfg.device['device.prov.serverName']).toBe('72.245.184.168/mpv');
    expect(cfg.device['device.prov.serverType']).toBe('HTTP');
    expect(cfg.device['device.dhcp.bootSrvUseOpt']).toBe('Static');
    expect(cfg.device['device.prov.password']).toBe('pr&v"pw');
  });

  it('never redirects a phone back to this ProvKit: the loop is refused and reported', async () => {
    const r = await rendererFor({ phones: [phone], providers: [MPV_PROVIDER], loops: { mpv: 'HTTP 10.0.0.5:80 is this ProvKit' } });
    const out = r.renderWithInfo('0004f2aabbcc-provkit.cfg')!;
    expect(out.text).not.toContain('device.prov.serverName');
    expect(out.problems).toEqual(['hand-off to "MegaPath" refused: HTTP 10.0.0.5:80 is this ProvKit']);
  });

  it('unknown MAC gets the default template with site values only; 000000000000-provkit.cfg is not rendered', async () => {
    const r = await rendererFor({ values: { ntpServer: 'ntp.test' } });
    const xml = r.render('001122334455-provkit.cfg')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('reg.1');
    expect(xml).toContain('tcpIpApp.sntp.address="ntp.test"');
    expect(r.render('000000000000-provkit.cfg')).toBeUndefined();
    expect(r.render('sub/000000000000.cfg')).toBeUndefined();
  });

  it('<mac>.cfg is the master for Polycom phones and the template file for AudioCodes and Yealink', async () => {
    const r = await rendererFor({ phones: [phone, { mac: '00908f123456', lines: [{ extension: '7501' }] }, { mac: '001565000001', model: 'SIP-T46G', lines: [{ extension: '300' }] }] });
    expect(r.render('0004f2aabbcc.cfg')).toContain('<APPLICATION');
    expect(r.renderWithInfo('00908F123456.cfg')?.template?.manifest.id).toBe('audiocodes-4xxhd');
    expect(r.render('00908f123456.cfg')).toContain('voip/line/0/id=7501');
    expect(r.render('001565000001.cfg')).toContain('account.1.user_name = 300');
    expect(r.render('001565000001-provkit.cfg')).toBeUndefined();
  });

  it('a user template folder overrides the shipped template of the same id, re-read when edited', async () => {
    const userDir = mkdtempSync(join(tmpdir(), 'provkit-tpl-'));
    mkdirSync(join(userDir, 'polycom-uc5'));
    cpSync(join(SHIPPED_TEMPLATES_DIR, 'polycom-uc5'), join(userDir, 'polycom-uc5'), { recursive: true });
    writeFileSync(join(userDir, 'polycom-uc5', 'phone.cfg'), '<polycomConfig custom.param="{{mac}}"/>\n');
    const r = await rendererFor({ phones: [phone], userDir });
    expect(r.render('0004f2aabbcc-provkit.cfg')).toBe('<polycomConfig custom.param="0004f2aabbcc"/>\n');
    expect(r.templates.store.get('polycom-uc5')?.origin).toBe('user');
    writeFileSync(join(userDir, 'polycom-uc5', 'template.json'), '{ "id": "polycom-uc5" }');
    r.templates.store.refresh(true);
    expect(r.templates.store.loadErrors()[0]?.error).toMatch(/template\.json: name: .*; vendor: /);
    expect(r.render('0004f2aabbcc-provkit.cfg')).toContain('reg.1.address="2001"'); // the shipped one again
  });

  it('redirect parameters follow docs/sources.md §3 and omit absent credentials', () => {
    expect(redirectParams({ type: 'ftp', server: 'host' }).map(([k]) => k)).toEqual([
      'device.set', 'device.dhcp.bootSrvUseOpt.set', 'device.dhcp.bootSrvUseOpt', 'device.prov.serverType.set', 'device.prov.serverType', 'device.prov.serverName.set', 'device.prov.serverName',
    ]);
  });
});
