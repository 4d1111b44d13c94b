/**
 * `provkit config render --mac MAC [--out DIR] [--json] [--show-secrets]`: the files a phone would
 * receive, in the order it requests them, offline (like CIC's PhoneSim). With `--out`, the
 * files are written under DIR exactly as served (folders kept), passwords included: that is what the
 * phone gets. On the terminal, passwords are masked unless `--show-secrets`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConfigPreview } from '../../shared/inventory-types';
import { MacError, normalizeMac } from '../../shared/mac';
import { usageError } from './args';
import { openEngine } from './inventory';

/**
 * Run `provkit config render ...`.
 * @returns exit code 0, or 2 for usage errors
 */
export async function config(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'render') throw usageError(`config needs "render --mac MAC"${sub ? `, not "${sub}"` : ''}`);
  const { values } = parseArgs({
    args: rest,
    options: { mac: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'show-secrets': { type: 'boolean' }, data: { type: 'string' } },
    strict: true,
  });
  if (!values.mac) throw usageError('config render needs --mac MAC');
  let mac: string;
  try {
    mac = normalizeMac(values.mac);
  } catch (err) {
    if (err instanceof MacError) throw usageError(err.message);
    throw err;
  }
  const engine = await openEngine(values.data);
  try {
    const reveal = Boolean(values.out || values['show-secrets']);
    const preview = await engine.inventoryServices.preview(engine.resolver, mac, reveal);
    if (values.out) {
      const written: string[] = [];
      for (const f of preview.files) {
        if (f.content === undefined) continue;
        const target = join(values.out, ...f.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, f.content, { mode: 0o600 });
        written.push(f.path);
      }
      process.stderr.write(`${written.length} file(s) written to ${values.out}: ${written.join(', ')}\n`);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
    else if (!values.out) process.stdout.write(describe(preview));
    return 0;
  } finally {
    await engine.close();
  }
}

function describe(p: ConfigPreview): string {
  const out = [`Phone ${p.mac}: ${p.vendor}, template ${p.template || '(none)'}, ${p.precedence === 'first-wins' ? 'the first value received wins' : 'the last value received wins'}`];
  for (const w of p.warnings) out.push(`Warning: ${w}`);
  for (const x of p.problems) out.push(`Problem: ${x}`);
  for (const f of p.files) {
    out.push('', `==> ${f.order}. ${f.path}  [${f.role}, ${f.source === 'missing' ? 'not found (404)' : f.source}${f.parameters ? `, ${f.parameters} parameters` : ''}] <==`);
    if (f.error) out.push(`!! ${f.error}`);
    if (f.content !== undefined) out.push(f.content.replace(/\n$/, ''));
  }
  return `${out.join('\n')}\n`;
}
