/**
 * The phone web client against simulated phones whose pages come from the captures in
 * test/fixtures/phone-web (not from the client's tables), one block per flow: the UC 5 Basic
 * cookie login, the UC 6 session-cookie login, the UC 6 login that sets no cookie and wants the
 * anti-CSRF token with a Referer on every POST, and the REST API. Each: info, set boot server with
 * read-back (and which page option was chosen), reboot followed until the phone answers again,
 * factory reset only with the confirmed MAC, wrong passwords without locking the phone.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PhoneActionProgress } from '../../shared/api-phones';
import type { PhoneDialect, PhoneEndpoint } from '../../shared/phone-web';
import { runAction, type ActionContext } from '../../electron/engine/phones/phone-actions';
import { PhoneError } from '../../electron/engine/phones/phone-errors';
import { PhoneHttp } from '../../electron/engine/phones/http/phone-http';
import { connectPolycom } from '../../electron/engine/phones/polycom/connect';
import { FACTORY_PARAMS } from '../../electron/engine/simulator/polycom-web/sim-phone';
import type { SimulatedPhoneServer } from '../../electron/engine/simulator/polycom-web/server';
import { endpointOf, nextEvent, startSimPhone, stopSimPhones } from '../helpers/sim-phones';

afterAll(stopSimPhones);

const timing = { pollMs: 50, downTimeoutMs: 5000, upTimeoutMs: 8000, bootTimeoutMs: 1000 };

/** An action context over the real client, with an empty request log. */
function context(passwords: string[]): ActionContext {
  const log = new EventEmitter();
  return {
    requestLog: { timeline: () => [], on: (e, l) => log.on(e, l), off: (e, l) => log.off(e, l) },
    timing,
    connect: async (endpoint: Required<PhoneEndpoint>, o) => (await connectPolycom(endpoint, { passwords: o.passwords ?? passwords, ...(o.dialect ? { dialect: o.dialect } : {}) })).client,
    pointsAtProvKit: () => false,
    remember: () => {},
  };
}

async function failure(p: Promise<unknown>): Promise<PhoneError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PhoneError);
  return err as PhoneError;
}

const FLOWS: Array<{ webUi?: string; dialect: PhoneDialect; expect: PhoneDialect; password: string; typeNote?: RegExp }> = [
  { webUi: 'legacy-cookie', dialect: 'legacy', expect: 'legacy', password: 'Leg4cy', typeNote: /Server Type: option "HTTP" \(value 2\)/ },
  { webUi: 'ucs6-session', dialect: 'ucs6', expect: 'ucs6', password: 'S3ssion', typeNote: /Server Type: option "HTTP" \(value 2\)/ },
  { webUi: 'ucs6-nocookie-csrf', dialect: 'ucs6', expect: 'ucs6', password: 'N0Cookie', typeNote: /Server Type: option "HTTP" \(value 2\)/ },
  { dialect: 'rest', expect: 'rest', password: 'R3stApi' },
];

describe.each(FLOWS)('$dialect phone with the $webUi web UI', (f) => {
  let sim: SimulatedPhoneServer;
  const rows: Array<Partial<PhoneActionProgress>> = [];
  const update = (u: Partial<PhoneActionProgress>) => void rows.push(u);

  it('info: the dialect the pages describe, the identity from the home page / device info', async () => {
    sim = await startSimPhone({ dialect: f.dialect, ...(f.webUi ? { webUi: f.webUi } : {}), password: f.password, mac: '0004f2a1b2c3', model: 'VVX450' });
    const r = await runAction(context(['Wrong-1', f.password]), { kind: 'info', endpoint: endpointOf(sim) }, update);
    expect(r.info).toMatchObject({ dialect: f.expect, mac: '0004f2a1b2c3', model: 'VVX 450', appVersion: sim.phone.appVersion });
    expect(r.verified[0]).toMatch(new RegExp(`\\(${f.expect}\\)$`));
    expect(sim.phone.failedLogins).toBe(1);
  });

  it('set boot server: written by the page\u2019s own field names and options, read back', async () => {
    const r = await runAction(context([f.password]), { kind: 'setBootServer', endpoint: endpointOf(sim), settings: { type: 'http', server: '127.0.0.1:9/prov', user: 'u1', password: 'p1' }, reboot: false }, update);
    expect(r.provisioning).toMatchObject({ serverType: 'http', serverName: '127.0.0.1:9/prov', user: 'u1', passwordSet: true, bootServer: 'static' });
    expect(sim.phone.params).toMatchObject({ 'device.prov.serverName': '127.0.0.1:9/prov', 'device.prov.user': 'u1', 'device.prov.password': 'p1' });
    if (f.typeNote) expect(r.verified.join('\n')).toMatch(f.typeNote);
    if (f.typeNote) expect(r.verified.join('\n')).toMatch(/Boot Server: option "Static"/);
  });

  it('reboot: followed until the phone answers again, same phone', async () => {
    const before = sim.rebootCount;
    const r = await runAction(context([f.password]), { kind: 'reboot', endpoint: endpointOf(sim) }, update);
    expect(sim.rebootCount).toBe(before + 1);
    expect(r.verified.join('\n')).toMatch(/went away and answered again/);
    // It booted against the server it was set to (nothing listens on port 9).
    expect(sim.boots.at(-1)).toMatchObject({ error: expect.stringMatching(/127\.0\.0\.1:9/) });
  });

  it('factory reset: refused without the phone\u2019s MAC, done with it, factory password accepted after', async () => {
    const e = await failure(runAction(context([f.password]), { kind: 'factoryReset', endpoint: endpointOf(sim), confirmMac: '0004f2000000' }, update));
    expect(e.message).toMatch(/not the one confirmed/);
    expect(sim.phone.params['device.prov.serverName']).toBe('127.0.0.1:9/prov');
    const r = await runAction(context([f.password]), { kind: 'factoryReset', endpoint: endpointOf(sim), confirmMac: '0004f2a1b2c3' }, update);
    expect(r.verified.join('\n')).toMatch(/accepts the factory admin password 456 again/);
    expect(sim.phone.params).toEqual(FACTORY_PARAMS);
  });

  it('wrong passwords: WRONG_PASSWORD, at most 4 tried, the phone never locks', async () => {
    const wrong = await startSimPhone({ dialect: f.dialect, ...(f.webUi ? { webUi: f.webUi } : {}), password: f.password, lockoutAfter: 5 });
    const e = await failure(connectPolycom(endpointOf(wrong), { passwords: ['a1', 'b2', 'c3', 'd4', 'e5', 'f6', f.password] }));
    expect(e.code).toBe('WRONG_PASSWORD');
    expect(wrong.phone.failedLogins).toBeLessThanOrEqual(4);
    expect(wrong.phone.locked).toBe(false);
    // The right password still works afterwards.
    const { client } = await connectPolycom(endpointOf(wrong), { passwords: [f.password] });
    client.close();
  });
});

describe('the UC 6 login without a cookie, with the anti-CSRF token (the held-out case)', () => {
  it('the simulated phone is strict: a POST without the token, or without the Referer, is refused (403)', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi: 'ucs6-nocookie-csrf', password: 'N0Cookie' });
    const http = new PhoneHttp(endpointOf(sim));
    const cred = `Basic ${Buffer.from('Polycom:N0Cookie').toString('base64')}`;
    try {
      const login = await http.request({ method: 'POST', path: '/form-submit/auth.htm', headers: { Authorization: cred }, body: '' });
      expect(login).toMatchObject({ status: 200, body: 'lockparams|SUCCESS|0', setCookies: [] });
      const index = await http.request({ method: 'GET', path: '/index.htm', headers: { Cookie: `Authorization=${cred}` } });
      const token = /name="csrf-token" content="([^"]+)"/.exec(index.body)?.[1];
      expect(token).toBeTruthy();
      const post = (h: Record<string, string>) => http.request({ method: 'POST', path: '/form-submit/Restart', headers: { Cookie: `Authorization=${cred}`, ...h }, body: '' });
      expect((await post({})).status).toBe(403);
      expect((await post({ 'Anti-Csrf-Token': token! })).status).toBe(403);
      expect((await post({ 'Anti-Csrf-Token': token!, Referer: `http://127.0.0.1:${sim.port}/home.htm` })).status).toBe(403);
      expect(sim.state).toBe('up');
    } finally {
      http.close();
    }
  });

  it.each(['ucs6-session', 'ucs6-nocookie-csrf'])('%s: after the phone rebooted, one new login reads the new token and the write goes through', async (webUi) => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi, password: 'Again1' });
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['Again1'] });
    try {
      await client.getProvisioning();
      const up = nextEvent(sim, 'up');
      sim.reboot('restart');
      await up;
      await expect(client.setProvisioning({ type: 'http', server: '10.0.0.7' })).resolves.toMatchObject({ serverName: '10.0.0.7' });
      expect(sim.phone.failedLogins).toBe(0);
    } finally {
      client.close();
    }
  });

  it('the Basic cookie method reads it, yet every POST still carries the token: whatever the dialect', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi: 'ucs6-nocookie-csrf', password: 'N0Cookie' });
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['N0Cookie'], dialect: 'legacy' });
    try {
      expect(client.dialect).toBe('legacy');
      await expect(client.setProvisioning({ type: 'http', server: '10.0.0.9' })).resolves.toMatchObject({ serverType: 'http', serverName: '10.0.0.9' });
    } finally {
      client.close();
    }
  });

  it('stops at the phone\u2019s "one attempt left" warning: never locks it', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi: 'ucs6-nocookie-csrf', password: 'N0Cookie', lockoutAfter: 3 });
    const e = await failure(connectPolycom(endpointOf(sim), { passwords: ['x1', 'x2', 'x3', 'x4', 'N0Cookie'], maxWrongPasswords: 10 }));
    expect(e.code).toBe('WRONG_PASSWORD');
    expect(e.message).toMatch(/one more wrong password locks its login/);
    expect(sim.phone.failedLogins).toBe(2);
    expect(sim.phone.locked).toBe(false);
  });

  it('a server type the page does not offer is refused naming the options; nothing is written', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi: 'ucs6-nocookie-csrf', password: 'N0Cookie' });
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['N0Cookie'] });
    try {
      const e = await failure(client.setProvisioning({ type: 'ftps', server: '10.0.0.9' }));
      expect(e.code).toBe('PHONE_REFUSED');
      expect(e.message).toMatch(/offers no Server Type option for FTPS \(it offers: HTTP, HTTPS, FTP, TFTP\)/);
      expect(sim.phone.params['device.prov.serverName']).toBe('');
    } finally {
      client.close();
    }
  });

  it('a 403 after a successful login names the anti-CSRF token and what was sent, never "wrong password"', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi: 'ucs6-nocookie-csrf', password: 'N0Cookie', refusePosts: true });
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['N0Cookie'] });
    try {
      const e = await failure(client.reboot());
      expect(e.code).toBe('PHONE_REFUSED');
      expect(e.message).toMatch(/POST \/form-submit\/Reboot answered HTTP 403 after a successful login/);
      expect(e.message).toMatch(/anti-CSRF token \(Anti-Csrf-Token\) or a locked session/);
      expect(e.message).toMatch(/the anti-CSRF token from \/index\.htm as Anti-Csrf-Token/);
      expect(e.message).toMatch(/Authorization cookie \(the login set no session cookie\)/);
      expect(e.message).toMatch(/Referer http:\/\/127\.0\.0\.1:\d+\/index\.htm/);
      expect(e.message + e.fix).not.toMatch(/password|in a call/i);
      expect(sim.phone.failedLogins).toBe(0);
      expect(sim.state).toBe('up');
    } finally {
      client.close();
    }
  });
});

describe('a login answer ProvKit does not know', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  /** A phone whose login.js names the UC 6 login, which answers 200 "OK" and sets no cookie. */
  async function oddPhone(pagesOpen: boolean): Promise<number> {
    const cred = `Basic ${Buffer.from('Polycom:Odd1').toString('base64')}`;
    const home = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'phone-web', 'legacy-cookie', 'home.htm'), 'utf8')
      .replace(/\{\{model\}\}/g, 'VVX 411').replace('{{partNumber}}', '3111-48450-001').replace('{{mac}}', '00:04:f2:0d:d0:01').replace('{{ip}}', '127.0.0.1').replace('{{appVersion}}', '6.4.3.5610').replace('{{updaterVersion}}', '6.4.3.5610');
    const s = createServer((req, res) => {
      res.setHeader('Server', 'Polycom SoundPoint IP Telephone HTTPd');
      const authed = pagesOpen && (req.headers.cookie ?? '').includes(`Authorization=${cred}`);
      if (req.url?.startsWith('/api/')) return res.writeHead(404).end('<html><body>404 Not Found</body></html>'); // REST off
      if (req.url === '/js/login.js') return res.end("$.ajax({ type: 'POST', url: 'form-submit/auth.htm' });");
      if (req.url === '/form-submit/auth.htm') return res.end(req.headers.authorization === cred ? 'OK' : 'lockparams|INVALID_LOGIN|0');
      if (!authed) return res.writeHead(401).end();
      if (req.url === '/index.htm') return res.end('<html><head><meta name="csrf-token" content="t0k"/></head></html>');
      if (req.url === '/home.htm') return res.end(home);
      res.writeHead(404).end();
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return (s.address() as AddressInfo).port;
  }

  it('a 200 it does not recognise counts as logged in when the pages then open', async () => {
    const port = await oddPhone(true);
    const { client } = await connectPolycom({ host: '127.0.0.1', port, https: false }, { passwords: ['Odd1'] });
    try {
      expect(client.dialect).toBe('ucs6');
      expect((await client.getInfo()).mac).toBe('0004f20dd001');
    } finally {
      client.close();
    }
  });

  it('and is refused naming that answer (not a wrong password) when the pages stay closed', async () => {
    const port = await oddPhone(false);
    const e = await failure(connectPolycom({ host: '127.0.0.1', port, https: false }, { passwords: ['Odd1'] }));
    expect(e.code).toBe('PHONE_REFUSED');
    expect(e.message).toMatch(/answered HTTP 200 "OK", which ProvKit does not recognise, and \/index\.htm still answers HTTP 401/);
  });
});
