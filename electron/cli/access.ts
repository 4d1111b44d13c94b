/**
 * `provkit access`: the provisioning account phones use for files carrying secrets and uploads
 * (README "Security"), and whether those files go out over TFTP.
 *   show [--json]                                  accounts (never passwords) and the TFTP choice
 *   set --user U [--site S] [--password-stdin]     set a site's account (password read from stdin;
 *                                                  asked on the terminal when stdin is a TTY)
 *   remove --site S                                remove a site's account
 *   tftp-secrets on|off                            serve files carrying secrets over TFTP or not
 * Goes through the running `provkit serve` when one owns the data folder (running-engine.ts).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { ProvisioningAccessView } from '../../shared/api-security';
import { parseRequestArgs, type RequestName } from '../../shared/api';
import { resolveDataDir } from '../engine/data-dir';
import { usageError } from './args';
import { openEngine } from './inventory';
import { runningEngine } from './running-engine';

const out = (s: string) => process.stdout.write(`${s}\n`);

/**
 * Run `provkit access ...`.
 * @returns 0 done; 1 refused (the message says why); 2 usage
 * @throws usage errors; the engine's validation error (e.g. a password under 8 characters)
 */
export async function access(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { data: { type: 'string' }, user: { type: 'string' }, site: { type: 'string' }, 'password-stdin': { type: 'boolean' }, json: { type: 'boolean' } },
    strict: true,
  });
  let name: RequestName;
  let req: Record<string, unknown>;
  if (sub === 'show' || sub === undefined) [name, req] = ['getProvisioningAccess', {}];
  else if (sub === 'set') {
    if (!values.user) throw usageError('access set needs --user');
    [name, req] = ['setProvisioningAccount', { user: values.user, password: await readPassword(), ...(values.site ? { site: values.site } : {}) }];
  } else if (sub === 'remove') {
    if (!values.site) throw usageError('access remove needs --site (see `provkit access show`)');
    [name, req] = ['removeProvisioningAccount', { site: values.site }];
  } else if (sub === 'tftp-secrets') {
    const v = positionals[0];
    if (v !== 'on' && v !== 'off') throw usageError('access tftp-secrets takes on or off');
    [name, req] = ['setTftpSecrets', { allow: v === 'on' }];
  } else throw usageError(`unknown access subcommand "${sub}" (show, set, remove, tftp-secrets)`);
  const args2 = parseRequestArgs(name, req);
  const dataDir = resolveDataDir(values.data);
  const remote = name === 'getProvisioningAccess' ? undefined : await runningEngine(dataDir, `access ${sub}`, 'Servers');
  let view: ProvisioningAccessView;
  if (remote) view = await remote.call<ProvisioningAccessView>(name, args2);
  else {
    const engine = await openEngine(values.data, name !== 'getProvisioningAccess');
    try {
      view = (await (engine.handlers[name] as (a: unknown) => Promise<unknown>)(args2)) as ProvisioningAccessView;
    } finally {
      await engine.close();
    }
  }
  if (values.json) out(JSON.stringify(view));
  else out(describeAccess(view));
  return 0;
}

/** Human text for the access view. */
export function describeAccess(v: ProvisioningAccessView): string {
  const lines = v.accounts.length
    ? v.accounts.map((a) => `  site ${a.site}: user "${a.user}" (set ${new Date(a.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC)`)
    : ['  No provisioning account: SIP passwords in the phone files are served to anyone on the network who asks for them.'];
  lines.push(`  TFTP: ${v.tftpSecrets ? 'files carrying passwords ARE served (TFTP has no authentication)' : 'files carrying passwords are not served (TFTP has no authentication)'}`);
  return `Provisioning access:\n${lines.join('\n')}`;
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question('Provisioning password (at least 8 characters): ');
  } finally {
    rl.close();
  }
}
