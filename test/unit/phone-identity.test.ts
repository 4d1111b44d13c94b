import { describe, expect, it } from 'vitest';
import { classifyFile, macFromPath, parseUserAgent } from '../../shared/phone-identity';

describe('parseUserAgent (real strings, facts §1)', () => {
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
  it.each(['/000000000000.cfg', '/000000000000-directory.xml', '/sip.ld', '/3111-46157-002.sip.ld', '/0004f218dece0.cfg'])('%s names no phone', (p) =>
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
