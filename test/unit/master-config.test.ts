/**
 * The one master-configuration reader: per-model children, macros, comments, errors.
 */
import { describe, expect, it } from 'vitest';
import { findPolycomModel } from '../../shared/models';
import { MasterConfigError, parseMaster } from '../../electron/engine/provisioning/master-config';

const MAC = '0004f2a00001';
const XML = `<?xml version="1.0" standalone="yes"?>
<!-- <APPLICATION CONFIG_FILES="commented-out.cfg"/> -->
<APPLICATION APP_FILE_PATH="[PHONE_PART_NUMBER].sip.ld" CONFIG_FILES=" site.cfg, [PHONE_MAC_ADDRESS]-lines.cfg ,,[PHONE_MODEL].cfg " LOG_FILE_DIRECTORY="logs" OVERRIDES_DIRECTORY="" CONTACTS_DIRECTORY="dir" LICENSE_DIRECTORY="" CALL_LISTS_DIRECTORY="">
  <APPLICATION_SPIP650 APP_FILE_PATH_SPIP650="sip_40x.ld" CONFIG_FILES_SPIP650=""/>
  <APPLICATION_VVX400 APP_FILE_PATH_VVX400="" CONFIG_FILES_VVX400="vvx.cfg"/>
</APPLICATION>
`;

describe('parseMaster', () => {
  it('reads the defaults with macros expanded for a model without its own child', () => {
    const m = parseMaster(XML, findPolycomModel('VVX500'), MAC);
    expect(m.appFilePath).toBe('3111-44500-001.sip.ld');
    expect(m.configFiles).toEqual(['site.cfg', `${MAC}-lines.cfg`, 'VVX500.cfg']);
    expect(m.logDir).toBe('logs');
    expect(m.contactsDir).toBe('dir');
  });
  it('takes a per-model value when it is not empty, else the default', () => {
    const spip = parseMaster(XML, findPolycomModel('SPIP650'), MAC);
    expect(spip.appFilePath).toBe('sip_40x.ld');
    expect(spip.configFiles).toEqual(['site.cfg', `${MAC}-lines.cfg`, 'SPIP650.cfg']);
    const vvx = parseMaster(XML, findPolycomModel('VVX400'), MAC);
    expect(vvx.appFilePath).toBe('3111-46157-002.sip.ld');
    expect(vvx.configFiles).toEqual(['vvx.cfg']);
  });
  it('with the model unknown, reads the defaults and leaves the model macros', () => {
    const m = parseMaster(XML, undefined, MAC);
    expect(m.appFilePath).toBe('[PHONE_PART_NUMBER].sip.ld');
    expect(m.configFiles).toEqual(['site.cfg', `${MAC}-lines.cfg`, '[PHONE_MODEL].cfg']);
  });
  it('throws a typed error naming the line for malformed XML, and for a file without APPLICATION', () => {
    expect(() => parseMaster('<APPLICATION CONFIG_FILES="a.cfg">\n<oops>', undefined, MAC)).toThrow(MasterConfigError);
    expect(() => parseMaster('<APPLICATION CONFIG_FILES="a.cfg">\n<oops>', undefined, MAC)).toThrow(/not well-formed XML: .*\(line \d+\)/);
    expect(() => parseMaster('<polycomConfig/>', undefined, MAC)).toThrow('no <APPLICATION> element');
  });

  it('the same text read for many phones gives each its own macros, and a bad text its error every time', () => {
    const a = parseMaster(XML, findPolycomModel('VVX400'), '0004f2000001');
    const b = parseMaster(XML, findPolycomModel('SPIP650'), '0004f2000002');
    expect(a.configFiles).toEqual(['vvx.cfg']);
    expect(b.configFiles).toEqual(['site.cfg', '0004f2000002-lines.cfg', 'SPIP650.cfg']);
    expect(parseMaster(XML, undefined, '0004f2000003').configFiles).toEqual(['site.cfg', '0004f2000003-lines.cfg', '[PHONE_MODEL].cfg']);
    const bad = '<APPLICATION APP_FILE_PATH="sip.ld"';
    for (let i = 0; i < 2; i++) expect(() => parseMaster(bad, undefined, MAC)).toThrow(MasterConfigError);
    for (let i = 0; i < 2; i++) expect(() => parseMaster('<other/>', undefined, MAC)).toThrow('no <APPLICATION> element');
    // More texts than are remembered: each still read right.
    for (let i = 0; i < 20; i++) expect(parseMaster(`<APPLICATION CONFIG_FILES="f${i}.cfg"/>`, undefined, MAC).configFiles).toEqual([`f${i}.cfg`]);
    expect(parseMaster(XML, findPolycomModel('VVX400'), MAC).configFiles).toEqual(['vvx.cfg']);
  });
});
