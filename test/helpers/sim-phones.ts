/**
 * Test helper: simulated Polycom phone web servers on loopback, stopped together.
 */
import type { PhoneEndpoint } from '../../shared/phone-web';
import { SimulatedPhoneServer, type SimServerOptions } from '../../electron/engine/simulator/polycom-web/server';
import { SimPhone, type SimPhoneOptions } from '../../electron/engine/simulator/polycom-web/sim-phone';

const running = new Set<SimulatedPhoneServer>();

/**
 * Start one simulated phone on 127.0.0.1 (ephemeral port unless given), rebooting quickly.
 * @param phone phone behaviour (dialect, mac, password ...)
 * @param server listen options
 */
export async function startSimPhone(phone: Partial<SimPhoneOptions> & Pick<SimPhoneOptions, 'dialect'>, server: Partial<SimServerOptions> = {}): Promise<SimulatedPhoneServer> {
  const p = new SimPhone({ mac: '0004f2e40001', rebootDownMs: 250, ...phone });
  const srv = new SimulatedPhoneServer(p, { bind: '127.0.0.1', port: 0, ...server });
  await srv.start();
  running.add(srv);
  return srv;
}

/** The endpoint of a simulated phone. */
export function endpointOf(srv: SimulatedPhoneServer): Required<PhoneEndpoint> {
  return { host: srv.opts.bind, port: srv.port, https: Boolean(srv.opts.https) };
}

/** Resolve on the next event of a simulated phone (e.g. `down`, `up`, `boot`), or reject after `ms`. */
export function nextEvent<T = unknown>(srv: SimulatedPhoneServer, event: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "${event}" from the simulated phone in ${ms} ms`)), ms);
    srv.once(event, (v: T) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

/** Stop every simulated phone started by this helper. */
export async function stopSimPhones(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
  running.clear();
}
