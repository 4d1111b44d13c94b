/**
 * Reading what phones answer: home-page cells, provisioning-page fields, the CSRF meta tag, REST
 * device info before and after UC 5.7, Digest auth (RFC 2617 §3.5 worked example), value forms of
 * device.prov.serverType / device.dhcp.bootSrvUseOpt.
 */
import { describe, expect, it } from 'vitest';
import { digestAuthorization, digestResponse, parseDigestChallenge, verifyDigest } from '../../electron/engine/phones/http/digest';
import { mergeCookies } from '../../electron/engine/phones/http/phone-http';
import { provisioningDifferences } from '../../electron/engine/phones/polycom/client';
import { infoFromDeviceData } from '../../electron/engine/phones/polycom/rest';
import { decodeEntities, findCsrfToken, looksLikePolycom, parseHomeCells, parseParamFields } from '../../electron/engine/phones/polycom/web-pages';
import { infoFromHomeCells, versionToken } from '../../electron/engine/phones/polycom/web-ui';
import { endpointLabel, parseBootServerMode, parseServerType } from '../../shared/phone-web';

const HOME = `<html><head><title>Polycom - SoundPoint IP 650 Web Configuration Utility</title></head><body>
<div id="home"><table>
<tr><td><span textId="292">Phone Model:</span></td><td>SoundPoint IP 650</td></tr>
<tr><td><SPAN TEXTID='293'>Part Number:</SPAN></td><td class="v">2345-12600-001 Rev:J</td></tr>
<tr><td><span textId="294">MAC Address:</span></td><td> 00:04:F2:18:DE:CE </td></tr>
<tr><td><span textId="97">IP Address:</span></td><td>10.40.0.89</td></tr>
<tr><td><span textId="1023">UC Software Version:</span></td><td>4.0.15.1047 &nbsp;27-Feb-19 20:07</td></tr>
<tr><td><span textId="297">Updater Version:</span></td><td><b>5.0.15.0013</b></td></tr>
</table></div></body></html>`;

describe('web UI pages', () => {
  it('reads the home page cells into model, part, MAC, IP and versions', () => {
    const cells = parseHomeCells(HOME);
    expect(cells['292']).toBe('SoundPoint IP 650');
    expect(cells['294']).toBe('00:04:F2:18:DE:CE');
    const info = infoFromHomeCells(cells);
    expect(info).toEqual({
      mac: '0004f218dece',
      model: 'SoundPoint IP 650',
      modelCode: 'SPIP650',
      partNumber: '2345-12600-001',
      ip: '10.40.0.89',
      appVersion: '4.0.15.1047',
      updaterVersion: '5.0.15.0013',
    });
    expect(infoFromHomeCells({})).toEqual({});
  });

  it('reads provConf.htm fields by paramName (input value, selected option, any attribute case)', () => {
    const html = `<tr><td><span textid="317">Server Type</span></td><td><select name="445" paramName="device.prov.serverType"><option value="0">FTP</option><option value="2" selected>HTTP</option><option value="3">HTTPS</option></select></td></tr>
      <input name="444" isrebootrequired="false" value="http://ause.dm" paramname="device.prov.serverName" default="">
      <input name='451' paramName='device.prov.user' value='2188'>
      <input name=437 paramName=device.prov.password type=password value="">
      <select name="168" id="provBootSrvSelectBox" paramName="device.dhcp.bootSrvUseOpt"><option value="0">Option 66</option><option value="2">Static</option></select>
      <input name="999" value="x">`;
    const f = parseParamFields(html);
    expect(f.get('device.prov.serverType')).toMatchObject({ name: '445', kind: 'select', value: '2', options: ['0', '2', '3'] });
    expect(f.get('device.prov.serverName')).toMatchObject({ name: '444', value: 'http://ause.dm' });
    expect(f.get('device.prov.user')?.value).toBe('2188');
    expect(f.get('device.prov.password')).toMatchObject({ name: '437', value: '' });
    // No option selected: the first one is what the browser would send.
    expect(f.get('device.dhcp.bootSrvUseOpt')?.value).toBe('0');
    expect(f.size).toBe(5);
  });

  it('finds the UC 6 CSRF token and tells a Polycom answer from another server', () => {
    expect(findCsrfToken('<head><meta charset="utf-8"><meta name="csrf-token" content="Tkc3d0pIclpVckU5aXU4UHgvYklDSEx6Y0ZMSWN4ZAA="/></head>')).toBe('Tkc3d0pIclpVckU5aXU4UHgvYklDSEx6Y0ZMSWN4ZAA=');
    expect(findCsrfToken('<meta name="viewport" content="x">')).toBeUndefined();
    expect(looksLikePolycom('Polycom SoundPoint IP Telephone HTTPd', '')).toBe(true);
    expect(looksLikePolycom('nginx', '<title>Polycom - VVX 400 Web Configuration Utility</title>')).toBe(true);
    expect(looksLikePolycom('nginx', '<title>Welcome to nginx!</title>')).toBe(false);
    expect(decodeEntities('a&amp;b &#58; &#x3a; &lt;x&gt; &bogus;')).toBe('a&b : : <x> &bogus;');
  });

  it('merges Set-Cookie values into a Cookie header', () => {
    const jar = new Map<string, string>();
    expect(mergeCookies(jar, ['session=abc123; Path=/; HttpOnly'])).toBe('session=abc123');
    expect(mergeCookies(jar, ['lang=en', 'session=def; Secure'])).toBe('session=def; lang=en');
  });
});

describe('REST device info', () => {
  it('reads the shape before UC 5.7 (FirmwareRelease)', () => {
    const d = { ModelNumber: 'Trio 8800', FirmwareRelease: '5.7.1.4095', MACAddress: '64167f298aea', IPV4Address: '10.187.85.73', DeviceVendor: 'Polycom' };
    expect(infoFromDeviceData(d)).toEqual({ mac: '64167f298aea', model: 'Trio 8800', ip: '10.187.85.73', appVersion: '5.7.1.4095' });
  });

  it('reads the shape from UC 5.7 (Firmware: Updater, Application, BootBlock)', () => {
    const d = { ModelNumber: 'VVX 450', MACAddress: '482567908b97', IPV4Address: '192.168.1.20', Firmware: { Updater: '6.4.0.0001', Application: '6.4.3.5610', BootBlock: '3.0.7.0210' } };
    expect(infoFromDeviceData(d)).toEqual({ mac: '482567908b97', model: 'VVX 450', modelCode: 'VVX450', ip: '192.168.1.20', appVersion: '6.4.3.5610', updaterVersion: '6.4.0.0001', bootBlockVersion: '3.0.7.0210' });
    expect(infoFromDeviceData({ MACAddress: 'not a mac', Firmware: 'x' })).toEqual({});
  });
});

describe('Digest authentication', () => {
  it('computes the RFC 2617 §3.5 example response', () => {
    expect(
      digestResponse({ algorithm: 'MD5', user: 'Mufasa', realm: 'testrealm@host.com', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', nc: '00000001', cnonce: '0a4f113b', qop: 'auth' }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('parses a challenge among several, answers it, and the answer verifies only with the right password', () => {
    const ch = parseDigestChallenge(['Basic realm="x"', 'Digest realm="Polycom REST API", nonce="n0nce", qop="auth,auth-int", algorithm=MD5, opaque="op"']);
    expect(ch).toEqual({ realm: 'Polycom REST API', nonce: 'n0nce', qop: 'auth', algorithm: 'MD5', opaque: 'op' });
    const header = digestAuthorization(ch!, 'Polycom', 's3cret', 'POST', '/api/v1/mgmt/safeReboot', 3);
    expect(header).toMatch(/^Digest username="Polycom", realm="Polycom REST API", nonce="n0nce", uri="\/api\/v1\/mgmt\/safeReboot".*nc=00000003.*opaque="op"$/);
    expect(header).not.toContain('s3cret');
    const opts = { realm: 'Polycom REST API', nonce: 'n0nce', user: 'Polycom', method: 'POST' };
    expect(verifyDigest(header, { ...opts, password: 's3cret' })).toBe(true);
    expect(verifyDigest(header, { ...opts, password: 'other' })).toBe(false);
    expect(verifyDigest(header, { ...opts, password: 's3cret', method: 'GET' })).toBe(false);
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
  });
});

describe('parameter values and read-back comparison', () => {
  it('reads server type and boot server mode in numeric and text forms', () => {
    expect(parseServerType('2')).toBe('http');
    expect(parseServerType('HTTPS')).toBe('https');
    expect(parseServerType('ftp')).toBe('ftp');
    expect(parseServerType('9')).toBeUndefined();
    expect(parseBootServerMode('Static')).toBe('static');
    expect(parseBootServerMode('2')).toBe('static');
    expect(parseBootServerMode('3')).toBe('custom+66');
    expect(parseBootServerMode('Nope')).toBeUndefined();
    expect(versionToken('5.9.6.2327 02-Jan-20')).toBe('5.9.6.2327');
  });

  it('lists every difference between what was written and what was read back', () => {
    const want = { type: 'http' as const, server: '10.0.0.5/mpv', user: '2188', password: 'pw' };
    expect(provisioningDifferences(want, { serverType: 'http', serverName: '10.0.0.5/mpv', user: '2188', passwordSet: true, bootServer: 'static' })).toEqual([]);
    const diff = provisioningDifferences(want, { serverType: 'ftp', serverName: '10.0.0.6', user: 'PlcmSpIp', passwordSet: false, bootServer: 'custom+66' });
    expect(diff).toHaveLength(5);
    expect(diff.join(' ')).toMatch(/FTP, not HTTP.*10\.0\.0\.6.*PlcmSpIp.*password was not stored.*custom\+66, not static/);
  });

  it('labels endpoints with the scheme and non-default ports only', () => {
    expect(endpointLabel({ host: '10.0.0.5' })).toBe('10.0.0.5');
    expect(endpointLabel({ host: '10.0.0.5', port: 443, https: true })).toBe('https://10.0.0.5');
    expect(endpointLabel({ host: '10.0.0.5', port: 8080 })).toBe('10.0.0.5:8080');
    expect(endpointLabel({ host: 'fe80::1', port: 80 })).toBe('[fe80::1]');
  });
});
