/**
 * Reading the phone's own pages: the login call of the captured `/js/login.js` scripts (fixtures in
 * test/fixtures/phone-web), what a login answer means, and choosing select options by what their
 * labels say rather than by a number.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PhoneResponse } from '../../electron/engine/phones/http/phone-http';
import { bootServerModeNamed, chooseOption, serverTypeNamed } from '../../electron/engine/phones/polycom/web-fields';
import { loginOutcome, loginSpecFromPage, loginSpecFromScript } from '../../electron/engine/phones/polycom/web-login';
import { findCsrfToken, parseParamFields } from '../../electron/engine/phones/polycom/web-pages';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'phone-web');
const fixture = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
const answer = (status: number, body: string): PhoneResponse => ({ status, body, headers: {}, setCookies: [] });

describe('login as the page describes it', () => {
  it('reads method and URL from both captured login scripts (double and single quotes)', () => {
    expect(loginSpecFromScript(fixture('ucs6-session/js/login.js'), '/js/login.js')).toEqual({ method: 'POST', path: '/form-submit/auth.htm', from: '/js/login.js' });
    expect(loginSpecFromScript(fixture('ucs6-nocookie-csrf/js/login.js'), '/js/login.js')).toEqual({ method: 'POST', path: '/form-submit/auth.htm', from: '/js/login.js' });
    expect(loginSpecFromScript("$.ajax({ method: 'GET', url: '/cgi/auth.cgi?x=1' })", 's')).toMatchObject({ method: 'GET', path: '/cgi/auth.cgi' });
    expect(loginSpecFromScript('var x = { url: "home.htm" };', 's')).toBeUndefined();
    // The login page itself only loads the script: no login call in it.
    expect(loginSpecFromPage(fixture('ucs6-session/login.htm'), 'the login page')).toBeUndefined();
    expect(loginSpecFromPage('<form method="post" action="form-submit/auth.htm">', 'p')).toEqual({ method: 'POST', path: '/form-submit/auth.htm', from: 'p' });
  });

  it('reads the login answers: SUCCESS, INVALID_LOGIN, ONE_ATTEMPT_LEFT, LOCKED, LOCKEDFOR, a session already open', () => {
    expect(loginOutcome(answer(200, 'lockparams|SUCCESS|0'))).toEqual({ kind: 'success' });
    expect(loginOutcome(answer(200, 'SUCCESS'))).toEqual({ kind: 'success' });
    expect(loginOutcome(answer(200, 'lockparams|INVALID_LOGIN|0'))).toEqual({ kind: 'wrong', lastAttempt: false });
    expect(loginOutcome(answer(200, 'lockparams|ONE_ATTEMPT_LEFT|0'))).toEqual({ kind: 'wrong', lastAttempt: true });
    expect(loginOutcome(answer(200, 'lockparams|LOCKED|0'))).toEqual({ kind: 'locked' });
    expect(loginOutcome(answer(200, 'lockparams|LOCKEDFOR|60'))).toEqual({ kind: 'locked', detail: 'locked for 60' });
    expect(loginOutcome(answer(406, ''))).toEqual({ kind: 'success', alreadyActive: true });
    expect(loginOutcome(answer(412, 'SessionAlreadyActive'))).toEqual({ kind: 'success', alreadyActive: true });
    expect(loginOutcome(answer(401, ''))).toEqual({ kind: 'wrong', lastAttempt: false });
    expect(loginOutcome(answer(404, 'Not Found'))).toEqual({ kind: 'unknown', detail: 'HTTP 404 "Not Found"' });
    expect(loginOutcome(answer(200, '<html>welcome</html>')).kind).toBe('unknown');
  });
});

describe('fields as the page defines them', () => {
  it('reads each captured provisioning page\u2019s own field names and options', () => {
    const legacy = parseParamFields(fixture('legacy-cookie/provConf.htm'));
    const session = parseParamFields(fixture('ucs6-session/provConf.htm'));
    const nocookie = parseParamFields(fixture('ucs6-nocookie-csrf/provConf.htm'));
    expect([legacy, session, nocookie].map((f) => f.get('device.prov.serverName')?.name)).toEqual(['422', '444', '610']);
    expect(nocookie.get('device.prov.serverType')).toMatchObject({ kind: 'select', name: '612', options: ['2', '3', '0', '1'] });
    expect(session.get('device.dhcp.bootSrvUseOpt')?.choices?.map((c) => c.label)).toEqual(['Option 66', 'Custom', 'Static', 'Custom+Option 66']);
    // The radio button next to Tag SN to UA carries no paramName: only the select counts.
    expect(session.get('device.prov.tagSerialNo')).toMatchObject({ name: '452', kind: 'select' });
    expect(findCsrfToken(fixture('ucs6-session/index.htm').replace('{{csrfToken}}', 'abc='))).toBe('abc=');
    expect(findCsrfToken(fixture('legacy-cookie/index.htm'))).toBeUndefined();
  });

  it('chooses the option whose label means the wanted type, whatever its value; none when the page has none', () => {
    const page = `<select name="7" paramName="device.prov.serverType"><option value="10">TFTP</option><option value="11">HTTP</option><option value="https">Secure</option></select>
      <select name="8" paramName="device.dhcp.bootSrvUseOpt"><option value="a">DHCP Option 66</option><option value="b">Static</option><option value="c">Custom + Option 66</option></select>`;
    const f = parseParamFields(page);
    const type = f.get('device.prov.serverType')!;
    expect(chooseOption(type, serverTypeNamed, 'http', 'Server Type')).toEqual({ value: '11', label: 'HTTP', note: 'Server Type: option "HTTP" (value 11)' });
    // A label naming nothing: the value may name it.
    expect(chooseOption(type, serverTypeNamed, 'https', 'Server Type')?.value).toBe('https');
    expect(chooseOption(type, serverTypeNamed, 'ftp', 'Server Type')).toBeUndefined();
    const mode = f.get('device.dhcp.bootSrvUseOpt')!;
    expect(chooseOption(mode, bootServerModeNamed, 'static', 'Boot Server')?.value).toBe('b');
    expect(chooseOption(mode, bootServerModeNamed, 'custom+66', 'Boot Server')?.value).toBe('c');
    expect(chooseOption(mode, bootServerModeNamed, 'option66', 'Boot Server')?.value).toBe('a');
    expect(chooseOption(mode, bootServerModeNamed, 'custom', 'Boot Server')).toBeUndefined();
    expect(serverTypeNamed('2')).toBeUndefined(); // numbers name nothing
  });
});
