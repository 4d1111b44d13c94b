/**
 * `provkit phone` against the UC 6 web UI whose login sets no cookie and whose POSTs need the
 * anti-CSRF token (page captures in test/fixtures/phone-web): the CLI reports the page option it
 * chose, and a refused POST prints a message naming the token — not a wrong password or a call.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../electron/cli';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

afterAll(stopSimPhones);

async function cli(...args: string[]): Promise<{ code: number | null; out: string }> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((out += String(c)), true));
  try {
    return { code: await main(args), out };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('provkit phone on the UC 6 no-cookie + CSRF web UI', { timeout: 60_000 }, () => {
  it('set-provisioning: exit 0, the chosen options printed, the values on the phone', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi: 'ucs6-nocookie-csrf', password: 'Cli-6' });
    const r = await cli('phone', 'set-provisioning', '--host', `127.0.0.1:${sim.port}`, '--password', 'Cli-6', '--type', 'http', '--server', '10.1.2.3/prov', '--no-reboot');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Server Type: option "HTTP" \(value 2\); Boot Server: option "Static" \(value 2\)/);
    expect(sim.phone.params).toMatchObject({ 'device.prov.serverType': '2', 'device.prov.serverName': '10.1.2.3/prov', 'device.dhcp.bootSrvUseOpt': '2' });
  });

  it('reboot refused with 403 after the login: exit 1, the message names the token and what was sent', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', webUi: 'ucs6-nocookie-csrf', password: 'Cli-6', refusePosts: true });
    const r = await cli('phone', 'reboot', '--host', `127.0.0.1:${sim.port}`, '--password', 'Cli-6');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/PHONE_REFUSED/);
    expect(r.out).toMatch(/Anti-Csrf-Token/);
    expect(r.out).not.toMatch(/in a call|refused the admin password/);
  });
});
