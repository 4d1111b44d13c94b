/**
 * `provkit simulate`: simulated Polycom phones booting against a provisioning server.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatMac, normalizeMac } from '../../shared/mac';
import { simulatePolycomBoot, SimulationError, type SimResult } from '../engine/simulator/polycom-boot';
import { usageError } from './args';

function nextMac(mac: string, i: number): string {
  const n = (BigInt(`0x${mac}`) + BigInt(i)) & 0xffffffffffffn;
  return n.toString(16).padStart(12, '0');
}

/**
 * Run `provkit simulate`.
 * @param args arguments after `simulate`
 * @returns 0 when every phone booted without problems, 1 otherwise
 * @throws usage errors
 */
export async function simulate(args: string[]): Promise<number> {
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
      /** Per-request timeout, seconds (large firmware over a slow link). */
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      /** HTTPS: a PEM file of CA certificates the phone trusts (e.g. <data>/tls/ca.pem). */
      ca: { type: 'string' },
      /** HTTPS mutual TLS: the phone's certificate and key (PEM files). */
      cert: { type: 'string' },
      key: { type: 'string' },
    },
    strict: true,
  });
  if (!values.server || !values.mac) throw usageError('--server and --mac are required');
  if (values.protocol && values.protocol !== 'http' && values.protocol !== 'https' && values.protocol !== 'ftp') throw usageError('--protocol is http, https or ftp');
  const trust = values.ca ? [await readFile(values.ca, 'utf8')] : undefined;
  if (Boolean(values.cert) !== Boolean(values.key)) throw usageError('--cert and --key go together');
  const clientCertificate = values.cert && values.key ? { cert: await readFile(values.cert, 'utf8'), key: await readFile(values.key, 'utf8') } : undefined;
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw usageError('--count is 1-10000');
  const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0 && timeoutS <= 86_400)) throw usageError('--timeout is seconds, 1-86400');
  const first = normalizeMac(values.mac);
  const macs = Array.from({ length: count }, (_, i) => nextMac(first, i));
  const results = await Promise.all(
    macs.map(async (mac): Promise<SimResult | { mac: string; ok: false; error: string; steps: unknown[] }> => {
      try {
        return await simulatePolycomBoot({
          server: values.server!,
          mac,
          model: values.model!,
          ...(values.protocol ? { protocol: values.protocol as 'http' | 'https' | 'ftp' } : {}),
          ...(trust ? { trust } : {}),
          ...(clientCertificate ? { clientCertificate } : {}),
          ...(values['tag-serial'] ? { tagSerialNo: true } : {}),
          ...(values['app-version'] ? { appVersion: values['app-version'] } : {}),
          ...(values['updater-version'] ? { updaterVersion: values['updater-version'] } : {}),
          ...(timeoutS ? { timeoutMs: timeoutS * 1000 } : {}),
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
