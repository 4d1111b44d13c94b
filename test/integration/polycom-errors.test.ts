/**
 * Every failure is a typed error with a fix: wrong password, lockout after repeated failures,
 * REST disabled, REST status 4010 (default password), timeouts (a phone that never answers, a
 * phone that never comes back from a reboot, a phone that never goes down), not a Polycom,
 * nothing listening, a setting that does not read back. Also: the old-TLS leniency is scoped to
 * the phone connection (Node's own fetch still refuses the same server).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { PhoneHttp } from '../../electron/engine/phones/http/phone-http';
import { PhoneError } from '../../electron/engine/phones/phone-errors';
import { connectPolycom } from '../../electron/engine/phones/polycom/connect';
import { RestClient } from '../../electron/engine/phones/polycom/rest';
import { waitForReboot } from '../../electron/engine/phones/verify';
import type { BootServerSettings } from '../../shared/phone-web';
import { endpointOf, startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const servers: Server[] = [];
afterAll(async () => {
  await stopSimPhones();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function codeOf(p: Promise<unknown>): Promise<PhoneError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a PhoneError').toBeInstanceOf(PhoneError);
  const e = err as PhoneError;
  expect(e.fix.length, `${e.code} has a fix`).toBeGreaterThan(20);
  return e;
}

async function plainServer(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

describe.each(['legacy', 'ucs6', 'rest'] as const)('%s: passwords', (dialect) => {
  const good = dialect === 'rest' ? 'Rest0k' : '456';

  it('wrong password: WRONG_PASSWORD, counting the passwords tried, never naming them', async () => {
    const sim = await startSimPhone({ dialect, password: good });
    const e = await codeOf(connectPolycom(endpointOf(sim), { passwords: ['nope-1', 'nope-2'] }));
    expect(e.code).toBe('WRONG_PASSWORD');
    expect(e.message).toMatch(/2 passwords tried/);
    expect(e.message + e.fix).not.toMatch(/nope-/);
  });

  it('stops before the phone locks (at most 4 wrong passwords by default)', async () => {
    const sim = await startSimPhone({ dialect, password: good, lockoutAfter: 5 });
    const e = await codeOf(connectPolycom(endpointOf(sim), { passwords: ['a', 'b', 'c', 'd', 'e', 'f', good] }));
    expect(e.code).toBe('WRONG_PASSWORD');
    expect(sim.phone.failedLogins).toBe(4);
    expect(sim.phone.locked).toBe(false);
  });

  it('lockout: LOCKED_OUT, and the right password is refused until the lock expires', async () => {
    const sim = await startSimPhone({ dialect, password: good, lockoutAfter: 3, lockoutMs: 600 });
    const e = await codeOf(connectPolycom(endpointOf(sim), { passwords: ['a', 'b', 'c', good], maxWrongPasswords: 10 }));
    expect(e.code).toBe('LOCKED_OUT');
    expect(e.fix).toMatch(/Wait/);
    expect((await codeOf(connectPolycom(endpointOf(sim), { passwords: [good] }))).code).toBe('LOCKED_OUT');
    await new Promise((r) => setTimeout(r, 700));
    const { client } = await connectPolycom(endpointOf(sim), { passwords: [good] });
    client.close();
  });
});

describe('REST API refusals', () => {
  it('REST disabled: REST_DISABLED when REST is forced; auto uses the web UI instead', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', restEnabled: false });
    expect((await codeOf(connectPolycom(endpointOf(sim), { passwords: ['456'], dialect: 'rest' }))).code).toBe('REST_DISABLED');
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['456'] });
    expect(client.dialect).toBe('ucs6');
    client.close();
    // Even with the right credentials the API answers a plain 404 page.
    const rest = new RestClient(new PhoneHttp(endpointOf(sim)), '456');
    expect((await codeOf(rest.getInfo())).code).toBe('REST_DISABLED');
    rest.close();
  });

  it('status 4010: DEFAULT_PASSWORD_REFUSED when REST is forced; auto falls back to the web UI', async () => {
    const sim = await startSimPhone({ dialect: 'rest', password: '456' });
    const e = await codeOf(connectPolycom(endpointOf(sim), { passwords: ['456'], dialect: 'rest' }));
    expect(e.code).toBe('DEFAULT_PASSWORD_REFUSED');
    expect(e.message).toMatch(/4010/);
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['456'] });
    expect(client.dialect).toBe('legacy');
    expect((await client.getInfo()).mac).toBe(sim.phone.mac);
    client.close();
  });

  it('a write the phone ignores (no device.set flags) is caught by the read-back: NOT_VERIFIED', async () => {
    const sim = await startSimPhone({ dialect: 'rest', password: 'Rest0k' });
    class SloppyRest extends RestClient {
      protected override async writeProvisioning(s: BootServerSettings): Promise<void> {
        // What a naive client sends: the values without device.set / <param>.set.
        const body = JSON.stringify({ data: { 'device.prov.serverType': 'HTTP', 'device.prov.serverName': s.server } });
        const res = await this.http.request({ method: 'POST', path: '/api/v1/mgmt/config/set', headers: { Authorization: `Basic ${Buffer.from('Polycom:Rest0k').toString('base64')}`, 'Content-Type': 'application/json' }, body });
        expect(JSON.parse(res.body)).toEqual({ Status: '2000' }); // the phone says OK ...
      }
    }
    const sloppy = new SloppyRest(new PhoneHttp(endpointOf(sim)), 'Rest0k');
    const e = await codeOf(sloppy.setProvisioning({ type: 'http', server: '127.0.0.1:9' }));
    expect(e.code).toBe('NOT_VERIFIED'); // ... but nothing changed
    expect(e.message).toMatch(/server type is FTP, not HTTP/);
    sloppy.close();
  });
});

describe('no answer, wrong answer', () => {
  it('a phone that accepts connections but never answers: TIMEOUT', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', hang: true });
    const started = Date.now();
    const e = await codeOf(connectPolycom(endpointOf(sim), { passwords: ['456'], timeoutMs: 400 }));
    expect(e.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('timeout mid-reboot: the phone goes away and does not come back within the bound', async () => {
    const sim = await startSimPhone({ dialect: 'legacy', stayDown: true });
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['456'] });
    await client.reboot();
    client.close();
    const phases: string[] = [];
    const e = await codeOf(waitForReboot(endpointOf(sim), { pollMs: 50, upTimeoutMs: 800, onProgress: (p) => phases.push(p.phase) }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/after the restart within 1 s/);
    expect(phases).toContain('down');
    expect(phases).not.toContain('up');
  });

  it('a phone that accepts a reboot but never restarts: NOT_VERIFIED', async () => {
    const sim = await startSimPhone({ dialect: 'legacy' });
    const e = await codeOf(waitForReboot(endpointOf(sim), { pollMs: 50, downTimeoutMs: 400 }));
    expect(e.code).toBe('NOT_VERIFIED');
    expect(e.message).toMatch(/answered every check .* ProvKit did not see it restart/);
  });

  it('another web server: NOT_A_POLYCOM naming it; a closed port: UNREACHABLE', async () => {
    const port = await plainServer((_req, res) => {
      res.setHeader('Server', 'nginx/1.22.1');
      res.end('<html><head><title>Welcome to nginx!</title></head></html>');
    });
    const e = await codeOf(connectPolycom({ host: '127.0.0.1', port, https: false }, { passwords: ['456'] }));
    expect(e.code).toBe('NOT_A_POLYCOM');
    expect(e.message).toMatch(/nginx/);
    const closed = await plainServer(() => {});
    await new Promise((r) => servers.pop()!.close(r));
    expect((await codeOf(connectPolycom({ host: '127.0.0.1', port: closed, https: false }, { passwords: ['456'] }))).code).toBe('UNREACHABLE');
  });

  it('HTTPS leniency is scoped to the phone connection: Node\u2019s fetch still refuses the old-TLS phone', async () => {
    const sim = await startSimPhone({ dialect: 'legacy' }, { https: 'old' });
    await expect(fetch(`https://127.0.0.1:${sim.port}/home.htm`)).rejects.toThrow();
    const { client } = await connectPolycom(endpointOf(sim), { passwords: ['456'] });
    expect((await client.getInfo()).mac).toBe(sim.phone.mac);
    client.close();
    // A plain-HTTP request to the HTTPS port fails with advice to switch scheme.
    const e = await codeOf(connectPolycom({ ...endpointOf(sim), https: false }, { passwords: ['456'], timeoutMs: 1500 }));
    expect(['UNREACHABLE', 'TIMEOUT', 'NOT_A_POLYCOM']).toContain(e.code);
  });

  it('UC 6 refuses form posts without the session\u2019s anti-CSRF token (403)', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6' });
    const login = await new PhoneHttp(endpointOf(sim)).request({ method: 'POST', path: '/form-submit/auth.htm', headers: { Authorization: `Basic ${Buffer.from('Polycom:456').toString('base64')}` }, body: '' });
    expect(login.body).toBe('lockparams|SUCCESS|0'); // the answer as published clients read it
    const cookie = login.setCookies[0]!.split(';')[0]!;
    const status = await new Promise<number>((resolve) => {
      const r = request({ host: '127.0.0.1', port: sim.port, method: 'POST', path: '/form-submit/Reboot', headers: { Cookie: cookie } }, (res) => resolve(res.statusCode ?? 0));
      r.end();
    });
    expect(status).toBe(403);
    expect(sim.state).toBe('up');
  });
});
