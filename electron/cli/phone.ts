/**
 * `provkit phone`: drive one Polycom phone's web UI / REST API from scripts and benches —
 * info, get-provisioning, set-provisioning, reboot, restart, factory-reset. Exit code 0 only when
 * the operation was verified (read back; went away and came back as the same phone).
 * Source: docs/sources.md §3; AltiGen MAXCS Polycom Configuration Guide Step 1 and Step 9.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatMac, normalizeMac } from '../../shared/mac';
import type { BootServerMode, PhoneDialect, PhoneEndpoint, ProvServerType } from '../../shared/phone-web';
import { resolveDataDir } from '../engine/data-dir';
import { createLogger, silentSink } from '../engine/logger';
import { PhoneCredentials } from '../engine/phones/credentials';
import { DEFAULT_TIMING, runAction, type ActionArgs } from '../engine/phones/phone-actions';
import { PhoneError, toPhoneErrorInfo } from '../engine/phones/phone-errors';
import { connectPolycom } from '../engine/phones/polycom/connect';
import { fileCipher, SecretStore } from '../engine/secrets';
import { usageError } from './args';

const OPS = ['info', 'get-provisioning', 'set-provisioning', 'reboot', 'restart', 'factory-reset'] as const;
const KIND: Record<string, ActionArgs['kind']> = { info: 'info', 'set-provisioning': 'setBootServer', reboot: 'reboot', restart: 'restart', 'factory-reset': 'factoryReset' };

/** `HOST`, `HOST:PORT`, `[v6]:PORT` → endpoint. @throws usage error */
export function parseHostArg(v: string, https: boolean): Required<PhoneEndpoint> {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(v) ?? /^([^:]+)(?::(\d+))?$/.exec(v);
  if (!m) throw usageError(`--host "${v}" is not HOST or HOST:PORT`);
  const port = m[2] !== undefined ? Number(m[2]) : https ? 443 : 80;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`--host "${v}": bad port`);
  return { host: m[1]!, port, https };
}

async function storedPasswords(dataFlag: string | undefined, site: string | undefined): Promise<string[]> {
  const dir = resolveDataDir(dataFlag);
  if (!existsSync(join(dir, 'phone-credentials.json'))) return ['456'];
  const creds = new PhoneCredentials(join(dir, 'phone-credentials.json'), new SecretStore(await fileCipher(dir)), createLogger('phone', silentSink));
  await creds.load();
  return creds.passwordsFor(site).map((p) => p.password);
}

/**
 * Run `provkit phone <op>`.
 * @param args arguments after `phone`
 * @returns 0 when verified, 1 on failure
 * @throws usage errors (exit 2)
 */
export async function phone(args: string[]): Promise<number> {
  const [op, ...rest] = args;
  if (!op || !(OPS as readonly string[]).includes(op)) throw usageError(`phone needs one of: ${OPS.join(', ')}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      host: { type: 'string' },
      https: { type: 'boolean' },
      password: { type: 'string', multiple: true },
      site: { type: 'string' },
      data: { type: 'string' },
      dialect: { type: 'string', default: 'auto' },
      json: { type: 'boolean' },
      type: { type: 'string' },
      server: { type: 'string' },
      user: { type: 'string' },
      'server-password': { type: 'string' },
      'boot-server': { type: 'string', default: 'static' },
      'no-reboot': { type: 'boolean' },
      'no-wait': { type: 'boolean' },
      'wait-timeout': { type: 'string' },
      'poll-ms': { type: 'string' },
      confirm: { type: 'string' },
    },
    strict: true,
  });
  if (!values.host) throw usageError('--host HOST[:PORT] is required');
  const endpoint = parseHostArg(values.host, Boolean(values.https));
  const dialect = values.dialect as PhoneDialect | 'auto';
  if (!['auto', 'legacy', 'ucs6', 'rest'].includes(dialect)) throw usageError('--dialect is auto, legacy, ucs6 or rest');
  const passwords = values.password?.length ? values.password : await storedPasswords(values.data, values.site);
  const timing = { ...DEFAULT_TIMING };
  if (values['wait-timeout'] !== undefined) timing.upTimeoutMs = Number(values['wait-timeout']) * 1000;
  if (values['poll-ms'] !== undefined) timing.pollMs = Number(values['poll-ms']);
  if (!Number.isFinite(timing.upTimeoutMs) || !Number.isFinite(timing.pollMs) || timing.pollMs < 10) throw usageError('--wait-timeout is seconds, --poll-ms at least 10');
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const connect = async (e: Required<PhoneEndpoint>, o: { dialect?: PhoneDialect; passwords?: string[] }) =>
    (await connectPolycom(e, { passwords: o.passwords ?? passwords, dialect: o.dialect ?? dialect })).client;
  const a: ActionArgs = { kind: KIND[op] ?? 'info', endpoint, ...(dialect !== 'auto' ? { dialect } : {}), wait: !values['no-wait'] };
  if (op === 'set-provisioning') {
    const type = values.type as ProvServerType | undefined;
    if (!type || !['http', 'https', 'ftp', 'tftp', 'ftps'].includes(type)) throw usageError('set-provisioning needs --type http|https|ftp|tftp');
    if (!values.server) throw usageError('set-provisioning needs --server ADDR');
    const mode = values['boot-server'] as BootServerMode;
    if (!['static', 'option66', 'custom', 'custom+66'].includes(mode)) throw usageError('--boot-server is static, option66, custom or custom+66');
    a.settings = { type, server: values.server, bootServer: mode, ...(values.user !== undefined ? { user: values.user } : {}), ...(values['server-password'] !== undefined ? { password: values['server-password'] } : {}) };
    a.reboot = !values['no-reboot'];
  }
  if (op === 'factory-reset') {
    if (!values.confirm) throw usageError('factory-reset needs --confirm MAC (the MAC on the phone\u2019s label): the reset cannot be undone');
    a.confirmMac = normalizeMac(values.confirm);
  }
  try {
    if (op === 'get-provisioning') {
      const client = await connect(endpoint, {});
      try {
        const p = await client.getProvisioning();
        if (values.json) out(JSON.stringify({ ok: true, dialect: client.dialect, provisioning: p }, null, 2));
        else out(`${endpoint.host}: ${p.serverType?.toUpperCase() ?? '?'} ${p.serverName || '(no server)'} user "${p.user}" password ${p.passwordSet ? 'set' : 'empty'}, boot server ${p.bootServer ?? '?'} (${client.dialect})`);
        return 0;
      } finally {
        client.close();
      }
    }
    let lastStep = '';
    const result = await runAction(
      { requestLog: { timeline: () => [], on: () => undefined, off: () => undefined }, timing, connect, pointsAtProvKit: () => false, remember: () => {} },
      a,
      (patch) => {
        if (!values.json && patch.step && patch.step !== 'done' && patch.step !== lastStep) out(`  ${(lastStep = patch.step)}`);
      },
    );
    if (values.json) out(JSON.stringify({ ok: true, ...result }, null, 2));
    else {
      if (result.info && op === 'info') {
        const i = result.info;
        out(`${i.model ?? '?'} ${i.partNumber ?? ''} MAC ${i.mac ? formatMac(i.mac) : '?'} IP ${i.ip ?? '?'} UC ${i.appVersion ?? '?'} Updater ${i.updaterVersion ?? '?'} (${i.dialect})`);
      }
      for (const v of result.verified) out(`✓ ${v}`);
    }
    return 0;
  } catch (err) {
    const info = toPhoneErrorInfo(err);
    if (values.json) out(JSON.stringify({ ok: false, error: info }, null, 2));
    else process.stderr.write(`provkit phone ${op}: ${info.message}${info.fix ? `\n  Fix: ${info.fix}` : ''}${err instanceof PhoneError ? ` [${info.code}]` : ''}\n`);
    return 1;
  }
}
