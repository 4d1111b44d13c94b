import { describe, expect, it } from 'vitest';
import { classifyFile, isPhoneMac, isProbeMac, macFromPath, modelFromPath, parseUserAgent, probeMac } from '../../shared/phone-identity';
import { findPolycomModel, sameModel } from '../../shared/models';

describe('parseUserAgent (real strings, docs/sources.md §1)', () => {
  it('SoundPoint without type', () => {
    expect(parseUserAgent('FileTransport PolycomSoundPointIP-SPIP_335-UA/3.2.1.0078')).toEqual({ vendor: 'Polycom', model: 'SPIP335', firmware: '3.2.1.0078' });
  });
  it('VVX application', () => {
    expect(parseUserAgent('FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application')).toEqual({
      vendor: 'Polycom', model: 'VVX400', firmware: '4.1.4.7430', stage: 'Application',
    });
  });
  it('SoundStation updater', () => {
    expect(parseUserAgent('FileTransport PolycomSoundStationIP-SSIP_6000-UA/5.0.3.1667 Type/Updater')).toMatchObject({ model: 'SSIP6000', stage: 'Updater', firmware: '5.0.3.1667' });
  });
  it('serial number tag gives the MAC', () => {
    expect(parseUserAgent('FileTransport PolycomSoundPointIP-SPIP_550-UA/4.0.15.1047 (SN:0004a11a1a1a) Type/Application')).toMatchObject({ mac: '0004a11a1a1a', model: 'SPIP550' });
  });
  it('AudioCodes', () => {
    expect(parseUserAgent('AUDC-IPPhone/2.0.0_build_15 (420HD; 00908F3BBCBA)')).toEqual({ vendor: 'AudioCodes', model: '420HD', firmware: '2.0.0_build_15', mac: '00908f3bbcba' });
  });
  it('Yealink', () => {
    expect(parseUserAgent('Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37')).toEqual({ vendor: 'Yealink', model: 'SIP-T46G', firmware: '28.72.0.1', mac: '0015654aa937' });
  });
  it('unknown agents give nothing', () => {
    // Grandstream and Cisco/Linksys SPA strings as public provisioning servers (Wazo provd plugins) document them.
    expect(parseUserAgent('Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872')).toEqual({ vendor: 'Grandstream', model: 'GXP2135', firmware: '1.0.7.97', mac: '000b828aa872' });
    expect(parseUserAgent('Grandstream Model HW GXV3240 V1.6B SW 1.0.1.27 DevId 000b82632815')).toMatchObject({ model: 'GXV3240', firmware: '1.0.1.27', mac: '000b82632815' });
    expect(parseUserAgent('Cisco/SPA504G-7.4.9c (649EF3788E6A)(CCQ162306EA)')).toEqual({ vendor: 'Cisco', model: 'SPA504G', firmware: '7.4.9c', mac: '649ef3788e6a' });
    expect(parseUserAgent('Linksys/SPA-942-6.1.5(a) (88019FA42805)')).toMatchObject({ vendor: 'Cisco', model: 'SPA942', mac: '88019fa42805' });
    // Serial number only: no MAC.
    expect(parseUserAgent('Cisco/SPA525G-7.4.4 (CBT141900G7)').mac).toBeUndefined();
    expect(parseUserAgent('curl/7.88.1')).toEqual({});
    expect(parseUserAgent(undefined)).toEqual({});
  });
});

describe('macFromPath', () => {
  it.each([
    ['/0004f218dece.cfg', '0004f218dece'],
    ['/mpv/logs/0004F218DECE-app.log', '0004f218dece'],
    ['0004f218dece-license.cfg', '0004f218dece'],
    ['/y001565aabbcc.boot', '001565aabbcc'],
  ])('%s → %s', (p, mac) => expect(macFromPath(p)).toBe(mac));
  it.each([
    ['/cfg000b828aa872.xml', '000b828aa872'],
    ['/SEP0004F218DECE.cnf.xml', '0004f218dece'],
  ])('%s → %s', (p, mac) => expect(macFromPath(p)).toBe(mac));
  it.each(['/000000000000.cfg', '/000000000000-directory.xml', '/sip.ld', '/3111-46157-002.sip.ld', '/0004f218dece0.cfg', '/y000000000028.cfg', '/y000000000000.boot', '/0004f2feed17.cfg'])('%s names no phone', (p) =>
    expect(macFromPath(p)).toBeUndefined(),
  );
});

describe('classifyFile', () => {
  it.each([
    ['2345-12500-001.bootrom.ld', 'bootrom'],
    ['bootrom.ld', 'bootrom'],
    ['000000000000.cfg', 'default-master-config'],
    ['0004f218dece.cfg', 'master-config'],
    ['3111-46157-002.sip.ld', 'firmware'],
    ['sip.ld', 'firmware'],
    ['0004f218dece-phone.cfg', 'override'],
    ['000000000000-license.cfg', 'license'],
    ['0004f218dece-directory.xml', 'directory'],
    ['0004f218dece-calls.xml', 'call-list'],
    ['0004f218dece-boot.log', 'log'],
    ['site.cfg', 'config'],
    ['readme.txt', 'other'],
  ])('%s is %s', (p, kind) => expect(classifyFile(p)).toBe(kind));
});

describe('who can be a phone', () => {
  it('model-wide names, group addresses and ProvKit probe MACs are no phone', () => {
    expect(isPhoneMac('000000000028')).toBe(false);
    expect(isPhoneMac('ffffffffffff')).toBe(false);
    expect(isPhoneMac('0104f2aabbcc')).toBe(false);
    expect(isPhoneMac('0004f2aabbcc')).toBe(true);
  });
  it('the probe makes its MAC from the vendor prefix and a marker that identity recognises', () => {
    for (const n of [0, 7, 255]) {
      const mac = probeMac('0004F2', n);
      expect(mac).toMatch(/^0004f2feed[0-9a-f]{2}$/);
      expect(isProbeMac(mac)).toBe(true);
      expect(isPhoneMac(mac)).toBe(false);
    }
    expect(isProbeMac('0004f2e2e001')).toBe(false);
  });
  it('a part-numbered image names the Polycom model (FTP/TFTP boots carry no User-Agent)', () => {
    expect(modelFromPath('/2345-12600-001.sip.ld')).toBe('SPIP650');
    expect(modelFromPath('2345-12600-001.bootrom.ld')).toBe('SPIP650');
    expect(modelFromPath('/3111-46157-002.sip.ld')).toBe('VVX400');
    expect(modelFromPath('/sip.ld')).toBeUndefined();
    expect(modelFromPath('/9999-99999-999.sip.ld')).toBeUndefined();
  });
  it('model names compare however they are written', () => {
    expect(sameModel('VVX400', 'VVX 400')).toBe(true);
    expect(sameModel('SPIP650', 'SoundPoint IP 650')).toBe(true);
    expect(sameModel('VVX400', 'SPIP650')).toBe(false);
    expect(sameModel('SIP-T46G', 'T46G')).toBe(true);
    expect(sameModel('IP420HD', '420HD')).toBe(true);
  });
  it('a Polycom model is found by code, User-Agent token or display name, any case and spacing', () => {
    expect(findPolycomModel('VVX400')?.partNumber).toBe('3111-46157-002');
    expect(findPolycomModel('vvx_400')?.code).toBe('VVX400');
    expect(findPolycomModel('VVX 400')?.code).toBe('VVX400');
    expect(findPolycomModel('SPIP_650')?.code).toBe('SPIP650');
    expect(findPolycomModel('SoundPoint IP 650')?.code).toBe('SPIP650');
    expect(findPolycomModel('soundstation-ip-6000')?.code).toBe('SSIP6000');
    expect(findPolycomModel('VVX 4000')).toBeUndefined();
    expect(findPolycomModel('')).toBeUndefined();
    expect(findPolycomModel('T46G')).toBeUndefined();
  });
});
