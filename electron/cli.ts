/**
 * The `provkit` command line: `serve` (headless engine + web UI) and `simulate` (simulated Polycom
 * phones). Every command takes `--data DIR` (or PROVKIT_DATA) for its data directory.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMac } from '../shared/mac';
import { Engine } from './engine/engine';
import { UiServer } from './engine/api/http-transport';
import { resolveDataDir } from './engine/data-dir';
import { reachableHost } from './engine/server-control';
import { simulatePolycomBoot, SimulationError, type SimResult } from './engine/simulator/polycom-boot';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `ProvKit — provision VoIP desk phones

Usage:
  provkit serve [--data DIR] [--bind ADDR] [--http-port N] [--ftp-port N] [--ui-port N] [--ui-bind ADDR]
                [--http-prefix /PATH] [--no-http] [--no-ftp]
      Run the engine headless and serve the web UI (open the printed URL in a browser).
      Ports and bind address given here apply to this run only; defaults come from the saved settings.
  provkit simulate --server URL --mac MAC --model MODEL [--protocol http|ftp] [--count N] [--tag-serial] [--json]
      Boot simulated Polycom phones against a provisioning server (URL like http://10.0.0.5:8080/ or
      ftp://PlcmSpIp:PlcmSpIp@10.0.0.5:2121/). With --count N, N phones boot at once (MACs counting up).
  provkit help

Environment: PROVKIT_DATA (data directory), PROVKIT_LOG_LEVEL (trace|debug|info|warn|error).
`;

/**
 * Run the CLI.
 * @param argv arguments after the program name
 * @returns the process exit code (0 = success)
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'simulate':
        return await simulate(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return 0;
      default:
        process.stderr.write(`provkit: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`provkit ${command}: ${(err as Error).message}\nRun \`provkit help\` for usage.\n`);
      return 2;
    }
    process.stderr.write(`provkit ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}

function portArg(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw Object.assign(new Error(`--${name} must be a port number 0-65535, got "${v}"`), { code: 'ERR_PARSE_ARGS_VALUE' });
  return n;
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      bind: { type: 'string' },
      'http-port': { type: 'string' },
      'ftp-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'ui-bind': { type: 'string' },
      'http-prefix': { type: 'string' },
      'no-http': { type: 'boolean' },
      'no-ftp': { type: 'boolean' },
      'web-root': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = resolveDataDir(values.data);
  const httpPort = portArg(values['http-port'], 'http-port');
  const ftpPort = portArg(values['ftp-port'], 'ftp-port');
  const uiPort = portArg(values['ui-port'], 'ui-port') ?? 7780;
  const engine = await Engine.create({
    dataDir,
    mode: 'headless',
    overrides: {
      http: {
        ...(values.bind ? { bind: values.bind } : {}),
        ...(httpPort !== undefined ? { port: httpPort } : {}),
        ...(values['http-prefix'] !== undefined ? { pathPrefix: values['http-prefix'] } : {}),
        ...(values['no-http'] ? { enabled: false } : {}),
      },
      ftp: {
        ...(values.bind ? { bind: values.bind } : {}),
        ...(ftpPort !== undefined ? { port: ftpPort } : {}),
        ...(values['no-ftp'] ? { enabled: false } : {}),
      },
    },
  });
  const webRoot = values['web-root'] ? resolve(values['web-root']) : join(REPO, 'dist', 'web');
  ensureWebBuilt(webRoot);
  const ui = new UiServer(engine, engine.logger.child('ui'));
  const uiBind = values['ui-bind'] ?? '127.0.0.1';
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`ProvKit ${engine.version} (headless) — data: ${dataDir}`);
  out(`  Provisioning root  ${engine.provisioningRoot}`);
  for (const st of await engine.startEnabledServers()) {
    const name = st.kind.toUpperCase().padEnd(4);
    if (st.state === 'listening') out(`  ${name} listening  ${st.url}${st.kind === 'ftp' && st.options.factoryAccount ? '  (user PlcmSpIp / PlcmSpIp)' : ''}`);
    else if (st.state === 'error') out(`  ${name} NOT running: ${st.error?.message}${st.error?.fix ? `\n       Fix: ${st.error.fix}` : ''}`);
    else out(`  ${name} off`);
  }
  let uiPortBound: number;
  try {
    uiPortBound = await ui.start({ bind: uiBind, port: uiPort, webRoot });
  } catch (err) {
    await engine.close();
    throw new Error(`web UI could not listen on ${uiBind}:${uiPort}: ${(err as Error).message} (use --ui-port)`, { cause: err });
  }
  out(`  Web UI  http://${reachableHost(uiBind)}:${uiPortBound}/`);
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await ui.stop();
  await engine.close();
  out('ProvKit stopped.');
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

function nextMac(mac: string, i: number): string {
  const n = (BigInt(`0x${mac}`) + BigInt(i)) & 0xffffffffffffn;
  return n.toString(16).padStart(12, '0');
}

async function simulate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      mac: { type: 'string' },
      model: { type: 'string', default: 'VVX400' },
      protocol: { type: 'string' },
      count: { type: 'string', default: '1' },
      'tag-serial': { type: 'boolean' },
      'app-version': { type: 'string' },
      'updater-version': { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
    },
    strict: true,
  });
  if (!values.server || !values.mac) throw Object.assign(new Error('--server and --mac are required'), { code: 'ERR_PARSE_ARGS_MISSING' });
  if (values.protocol && values.protocol !== 'http' && values.protocol !== 'ftp') throw Object.assign(new Error('--protocol is http or ftp'), { code: 'ERR_PARSE_ARGS_VALUE' });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw Object.assign(new Error('--count is 1-1000'), { code: 'ERR_PARSE_ARGS_VALUE' });
  const { normalizeMac } = await import('../shared/mac');
  const first = normalizeMac(values.mac);
  const macs = Array.from({ length: count }, (_, i) => nextMac(first, i));
  const results = await Promise.all(
    macs.map(async (mac): Promise<SimResult | { mac: string; ok: false; error: string; steps: unknown[] }> => {
      try {
        return await simulatePolycomBoot({
          server: values.server!,
          mac,
          model: values.model!,
          ...(values.protocol ? { protocol: values.protocol as 'http' | 'ftp' } : {}),
          ...(values['tag-serial'] ? { tagSerialNo: true } : {}),
          ...(values['app-version'] ? { appVersion: values['app-version'] } : {}),
          ...(values['updater-version'] ? { updaterVersion: values['updater-version'] } : {}),
          onStep: values.json
            ? undefined
            : (s) => process.stdout.write(`${formatMac(mac)} ${s.stage.padEnd(11)} ${s.method.padEnd(4)} ${s.file.padEnd(36)} ${String(s.status).padEnd(4)} ${String(s.bytes).padStart(9)} B${s.note ? `  ${s.note}` : ''}\n`),
        });
      } catch (err) {
        return { mac, ok: false, error: (err as Error).message, steps: err instanceof SimulationError ? err.steps : [] };
      }
    }),
  );
  if (values.json) process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  else {
    for (const r of results) {
      if ('error' in r) process.stdout.write(`${formatMac(r.mac)} FAILED: ${r.error}\n`);
      else if (r.ok) process.stdout.write(`${formatMac(r.mac)} booted OK: ${r.steps.length} requests, config files ${r.configFiles.join(', ') || '(none)'}\n`);
      else process.stdout.write(`${formatMac(r.mac)} booted with problems:\n${r.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
