/**
 * `provkit simulate-web`: simulated Polycom phones' web servers (legacy web UI, UC 6 web UI or REST
 * API) for demos, benches and tests; runs until Ctrl+C. A reboot drops the listener, boots the
 * phone against the provisioning server it was set to (reading `sip.ver` and flashing the image the
 * master configuration names when its version differs, unless --no-flash), and listens again.
 */
import { parseArgs } from 'node:util';
import { formatMac, normalizeMac } from '../../shared/mac';
import type { PhoneDialect } from '../../shared/phone-web';
import { SimulatedPhoneServer } from '../engine/simulator/polycom-web/server';
import { SimPhone } from '../engine/simulator/polycom-web/sim-phone';
import { portArg, usageError } from './args';

function nextMac(mac: string, i: number): string {
  return ((BigInt(`0x${mac}`) + BigInt(i)) & 0xffffffffffffn).toString(16).padStart(12, '0');
}

function nextAddress(ip: string, i: number): string {
  const p = ip.split('.').map(Number);
  const n = ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]! + i;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function int(v: string | undefined, name: string, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw usageError(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

/**
 * Run `provkit simulate-web`.
 * @param args arguments after `simulate-web`
 * @returns 0 after Ctrl+C
 * @throws usage errors; the listen error when a phone cannot listen
 */
export async function simulateWeb(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dialect: { type: 'string', default: 'ucs6' },
      'web-ui': { type: 'string' },
      bind: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      https: { type: 'boolean' },
      'old-tls': { type: 'boolean' },
      password: { type: 'string', default: '456' },
      count: { type: 'string', default: '1' },
      layout: { type: 'string', default: 'ports' },
      mac: { type: 'string', default: '0004f2a00001' },
      model: { type: 'string', default: 'VVX400' },
      'app-version': { type: 'string' },
      rest: { type: 'boolean' },
      'no-rest': { type: 'boolean' },
      digest: { type: 'boolean' },
      'allow-default-password': { type: 'boolean' },
      'reboot-down-ms': { type: 'string' },
      'reboot-after-save': { type: 'string' },
      'lockout-after': { type: 'string' },
      'lockout-ms': { type: 'string' },
      'sip-port': { type: 'string' },
      'wrong-password-every': { type: 'string' },
      'no-flash': { type: 'boolean' },
      'flash-ms': { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const dialect = values.dialect as PhoneDialect;
  if (!['legacy', 'ucs6', 'rest'].includes(dialect)) throw usageError('--dialect is legacy, ucs6 or rest');
  if (values['web-ui'] !== undefined && !/^[a-z0-9-]+$/.test(values['web-ui'])) throw usageError('--web-ui is the name of a web UI capture: legacy-cookie, ucs6-session or ucs6-nocookie-csrf');
  if (!['ports', 'addresses'].includes(values.layout!)) throw usageError('--layout is ports (one address, ports counting up) or addresses (one port, addresses counting up)');
  const count = int(values.count, 'count', 1)!;
  if (count > 500) throw usageError('--count is at most 500');
  const port = portArg(values.port, 'port') ?? 0;
  const sipPort = portArg(values['sip-port'], 'sip-port');
  const every = int(values['wrong-password-every'], 'wrong-password-every', 1);
  const first = normalizeMac(values.mac!);
  const phones: SimulatedPhoneServer[] = [];
  const out = (s: string) => process.stdout.write(`${s}\n`);
  try {
    for (let i = 0; i < count; i++) {
      const byAddress = values.layout === 'addresses';
      const bind = byAddress ? nextAddress(values.bind!, i) : values.bind!;
      const p = new SimPhone({
        dialect,
        ...(values['web-ui'] ? { webUi: values['web-ui'] } : {}),
        mac: nextMac(first, i),
        model: values.model!,
        ...(values['app-version'] ? { appVersion: values['app-version'] } : {}),
        password: every && (i + 1) % every === 0 ? `${values.password}-other` : values.password!,
        ...(values.rest ? { restEnabled: true } : values['no-rest'] ? { restEnabled: false } : {}),
        ...(values.digest ? { digest: true } : {}),
        ...(values['allow-default-password'] ? { refuseDefaultPassword: false } : {}),
        ...(values['reboot-down-ms'] !== undefined ? { rebootDownMs: int(values['reboot-down-ms'], 'reboot-down-ms')! } : {}),
        ...(values['reboot-after-save'] !== undefined ? { rebootAfterSaveMs: int(values['reboot-after-save'], 'reboot-after-save')! } : {}),
        ...(values['lockout-after'] !== undefined ? { lockoutAfter: int(values['lockout-after'], 'lockout-after', 1)! } : {}),
        ...(values['lockout-ms'] !== undefined ? { lockoutMs: int(values['lockout-ms'], 'lockout-ms')! } : {}),
        // Rebooted against a provisioning server, the phone reads sip.ver, downloads the image the
        // master configuration names when the version differs, flashes it and comes back on it.
        ...(values['no-flash'] ? {} : { flashFirmware: true, readVersionFile: true, flashMs: int(values['flash-ms'], 'flash-ms') ?? 1000 }),
      });
      const srv = new SimulatedPhoneServer(p, {
        bind,
        // One port for every address (the first phone's, when ephemeral), or ports counting up.
        port: byAddress ? (phones[0]?.port ?? port) : port === 0 ? 0 : port + i,
        ...(values.https || values['old-tls'] ? { https: values['old-tls'] ? ('old' as const) : ('modern' as const) } : {}),
        ...(sipPort !== undefined ? { sipPort: byAddress ? (phones[0]?.sipPort ?? sipPort) : sipPort === 0 ? 0 : sipPort + i } : {}),
      });
      await srv.start();
      const tag = `${formatMac(p.mac)}`;
      if (!values.json) {
        srv.on('down', (kind: string) => out(`${tag} ${kind} — web server down`));
        srv.on('up', () => out(`${tag} back up at ${srv.url}`));
        srv.on('boot', (r: { ok?: boolean; steps?: unknown[]; error?: string; outcome?: string; firmware?: { file: string; bytes: number } }) =>
          out(`${tag} boot: ${r.error ? `FAILED ${r.error}` : r.outcome === 'flashed' ? `downloaded ${r.firmware?.file} (${r.firmware?.bytes} bytes), flashed ${p.appVersion}; rebooting into it` : `${r.steps?.length ?? 0} requests${r.ok ? '' : ' (with problems)'}, running ${p.appVersion}`}`));
      }
      phones.push(srv);
      const line = { mac: p.mac, model: p.model.code, dialect, url: srv.url, password: p.password === values.password ? 'as given' : 'different (fails on purpose)', ...(srv.sipPort !== undefined ? { sipPort: srv.sipPort } : {}) };
      out(values.json ? JSON.stringify(line) : `${tag} ${p.model.displayName} ${dialect} at ${srv.url}${line.sipPort !== undefined ? ` (SIP ${line.sipPort})` : ''}${p.password !== values.password ? ' — wrong password on purpose' : ''}`);
    }
    if (!values.json) out(`${count} simulated phone(s) running. Press Ctrl+C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    return 0;
  } finally {
    await Promise.all(phones.map((p) => p.stop()));
  }
}
