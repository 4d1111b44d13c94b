import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { InventoryPhone } from '../../shared/dto';
import { POLYCOM_MODELS } from '../../shared/models';
import { ConfigRenderer, redirectParams } from '../../electron/engine/provisioning/config-render';
import { parseMaster } from '../../electron/engine/simulator/polycom-boot';

const phone: InventoryPhone = {
  mac: '0004f2aabbcc',
  model: 'VVX400',
  label: 'Front desk <1> & "co"',
  user: '2001',
  password: 's3cr&t',
  sipServer: 'pbx.example.test',
  provisioningTarget: { type: 'http', server: '72.245.184.168/mpv', user: 'u', password: 'p' },
};
const renderer = new ConfigRenderer({ getPhone: (m) => (m === phone.mac ? phone : undefined) });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

describe('ConfigRenderer', () => {
  it('serves a default master with an empty inventory', () => {
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

  it('has one APPLICATION_<MODEL> child per known model pointing at its split image', () => {
    const app = parser.parse(renderer.render('000000000000.cfg')!).APPLICATION;
    for (const m of POLYCOM_MODELS) {
      expect(app[`APPLICATION_${m.code}`][`APP_FILE_PATH_${m.code}`]).toBe(`${m.partNumber}.sip.ld`);
    }
  });

  it('renders a per-phone master naming the phone file, read back as a phone would', () => {
    const xml = renderer.render('0004F2AABBCC.cfg')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    const vvx400 = POLYCOM_MODELS.find((m) => m.code === 'VVX400')!;
    const app = parseMaster(xml, vvx400, phone.mac);
    expect(app.configFiles).toEqual(['0004f2aabbcc-provkit.cfg']);
    expect(app.appFilePath).toBe('3111-46157-002.sip.ld');
  });

  it('per-phone config: registration and redirect, escaped', () => {
    const xml = renderer.render('0004f2aabbcc-provkit.cfg')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    const cfg = parser.parse(xml).polycomConfig;
    expect(cfg.reg['reg.1.address']).toBe('2001');
    expect(cfg.reg['reg.1.auth.password']).toBe('s3cr&t');
    expect(cfg.reg['reg.1.label']).toBe('Front desk <1> & "co"');
    expect(cfg.reg['reg.1.server.1.address']).toBe('pbx.example.test');
    expect(cfg.device['device.prov.serverName']).toBe('72.245.184.168/mpv');
    expect(cfg.device['device.prov.serverType']).toBe('HTTP');
    expect(cfg.device['device.dhcp.bootSrvUseOpt']).toBe('Static');
    expect(cfg.device['device.prov.password']).toBe('p');
  });

  it('unknown MAC gets a valid empty per-phone file; 000000000000-provkit.cfg is not rendered', () => {
    const xml = renderer.render('001122334455-provkit.cfg')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('reg.1');
    expect(renderer.render('000000000000-provkit.cfg')).toBeUndefined();
    expect(renderer.render('sub/000000000000.cfg')).toBeUndefined();
  });

  it('redirect parameters follow facts §3 and omit absent credentials', () => {
    expect(redirectParams({ type: 'ftp', server: 'host' }).map(([k]) => k)).toEqual([
      'device.set', 'device.dhcp.bootSrvUseOpt.set', 'device.dhcp.bootSrvUseOpt', 'device.prov.serverType.set', 'device.prov.serverType', 'device.prov.serverName.set', 'device.prov.serverName',
    ]);
  });
});
