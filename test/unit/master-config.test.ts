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
});
