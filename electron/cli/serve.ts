/**
 * `provkit serve`: the engine headless, with the web UI and API over HTTP (design.md "Engine process").
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkoutRoot } from '../engine/shipped-paths';
import { UiServer } from '../engine/api/http-transport';
import { exposureWarning, loadOrCreateToken, TOKEN_FILE } from '../engine/api/ui-auth';
import { resolveDataDir } from '../engine/data-dir';
import { Engine } from '../engine/engine';
import { missingLaunchSettings } from '../engine/memory-policy';
import { reachableHost } from '../engine/server-control';
import { portArg } from './args';

const REPO = checkoutRoot();

/**
 * Run `provkit serve` until SIGINT/SIGTERM.
 * @param args arguments after `serve`
 * @returns exit code 0 after a clean stop
 * @throws usage errors; an Error when the web UI cannot listen
 */
export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      bind: { type: 'string' },
      'http-port': { type: 'string' },
      'https-port': { type: 'string' },
      'tls-compat': { type: 'boolean' },
      'cert-names': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'client-ca': { type: 'string' },
      'ftp-port': { type: 'string' },
      'tftp-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'ui-bind': { type: 'string' },
      'ui-allow-host': { type: 'string', multiple: true },
      'http-prefix': { type: 'string' },
      'no-http': { type: 'boolean' },
      'no-ftp': { type: 'boolean' },
      'no-tftp': { type: 'boolean' },
      'web-root': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = resolveDataDir(values.data);
  const httpPort = portArg(values['http-port'], 'http-port');
  const httpsPort = portArg(values['https-port'], 'https-port');
  const ftpPort = portArg(values['ftp-port'], 'ftp-port');
  const tftpPort = portArg(values['tftp-port'], 'tftp-port');
  const uiPort = portArg(values['ui-port'], 'ui-port') ?? 7780;
  const engine = await Engine.create({
    dataDir,
    mode: 'headless',
    lock: 'serve',
    overrides: {
      http: {
        ...(values.bind ? { bind: values.bind } : {}),
        ...(httpPort !== undefined ? { port: httpPort } : {}),
        ...(values['http-prefix'] !== undefined ? { pathPrefix: values['http-prefix'] } : {}),
        ...(values['no-http'] ? { enabled: false } : {}),
      },
      https: {
        ...(values.bind ? { bind: values.bind } : {}),
        ...(httpsPort !== undefined ? { port: httpsPort, enabled: true } : {}),
        ...(values['tls-compat'] ? { compat: true } : {}),
        ...(values['cert-names'] !== undefined ? { certNames: values['cert-names'] } : {}),
        ...(values['tls-cert'] ? { certSource: 'own' as const, ownCert: resolve(values['tls-cert']), ownKey: values['tls-key'] ? resolve(values['tls-key']) : '' } : {}),
        ...(values['client-ca'] ? { clientCa: resolve(values['client-ca']) } : {}),
      },
      ftp: {
        ...(values.bind ? { bind: values.bind } : {}),
        ...(ftpPort !== undefined ? { port: ftpPort } : {}),
        ...(values['no-ftp'] ? { enabled: false } : {}),
      },
      tftp: {
        ...(values.bind ? { bind: values.bind } : {}),
        ...(tftpPort !== undefined ? { port: tftpPort } : {}),
        ...(values['no-tftp'] ? { enabled: false } : {}),
      },
    },
  });
  const webRoot = values['web-root'] ? resolve(values['web-root']) : join(REPO, 'dist', 'web');
  ensureWebBuilt(webRoot);
  const token = await loadOrCreateToken(dataDir);
  const ui = new UiServer(engine, engine.logger.child('ui'));
  const uiBind = values['ui-bind'] ?? '127.0.0.1';
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`ProvKit ${engine.version} (headless) — data: ${dataDir}`);
  out(`  Provisioning root  ${engine.provisioningRoot}`);
  for (const st of await engine.startEnabledServers()) {
    const name = st.kind.toUpperCase().padEnd(5);
    const extra = st.kind === 'ftp' && st.options.factoryAccount ? '  (user PlcmSpIp / PlcmSpIp)' : st.kind === 'https' ? `  (${st.options.tlsVersions}; CA for phones and curl --cacert: ${engine.caCertPath})` : '';
    if (st.state === 'listening') out(`  ${name} listening  ${st.url}${extra}`);
    else if (st.state === 'error') out(`  ${name} NOT running: ${st.error?.message}${st.error?.fix ? `\n       Fix: ${st.error.fix}` : ''}`);
    else out(`  ${name} off`);
  }
  const access = engine.provisioningAccounts.view();
  if (access.exposed) {
    out('  WARNING: no provisioning account is set: SIP passwords in the phone files are served to anyone on the network');
    out('           who asks, and uploads are taken only from the address a phone booted from. Set one: provkit access set --user NAME');
  } else out(`  Provisioning account required for files carrying passwords and uploads (${access.accounts.map((a) => `site ${a.site}: ${a.user}`).join(', ')})`);
  if (access.tftpSecrets) out('  TFTP serves files carrying passwords (no authentication): provkit access tftp-secrets off');
  const missing = missingLaunchSettings();
  if (missing.length) {
    out(`  Memory: started without ${missing.join(' and ')}: with thousands of phones the process holds up to about 50 MB more.`);
    out('          Start it as `provkit serve` (or `./bin/provkit.mjs serve` in a checkout), not `node bin/provkit.mjs serve`.');
  }
  let uiPortBound: number;
  try {
    uiPortBound = await ui.start({ bind: uiBind, port: uiPort, webRoot, token, allowHosts: [...(values['ui-allow-host'] ?? []), ...(isIP(uiBind) ? [] : [uiBind])] });
  } catch (err) {
    await engine.close();
    throw new Error(`web UI could not listen on ${uiBind}:${uiPort}: ${(err as Error).message} (use --ui-port)`, { cause: err });
  }
  const uiBase = `http://${reachableHost(uiBind)}:${uiPortBound}/`;
  await engine.dataLock?.setUiUrl(uiBase);
  out(`  Web UI  ${uiBase}?token=${token}`);
  out(`          (API: "Authorization: Bearer <token>", token in ${join(dataDir, TOKEN_FILE)})`);
  const warning = exposureWarning(uiBind);
  if (warning) process.stderr.write(`${warning}\n`);
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await ui.stop();
  await engine.close();
  out('ProvKit stopped.');
  // Work the closed engine leaves behind (e.g. a phone action still waiting for a reboot, up to
  // minutes) must not keep the process alive once the technician has stopped it.
  setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
  return 0;
}


/** Build the web UI with Vite when running from a checkout that has not built it yet. */
function ensureWebBuilt(webRoot: string): void {
  if (existsSync(join(webRoot, 'index.html'))) return;
  const vite = join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');
  if (webRoot !== join(REPO, 'dist', 'web') || !existsSync(vite)) return;
  process.stdout.write('Building the web UI (first run)…\n');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) process.stderr.write('Web UI build failed: the API still works; run `npm run build:web` to see why.\n');
}

