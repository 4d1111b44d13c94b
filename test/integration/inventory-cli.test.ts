/**
 * `provkit inventory import|export` and `provkit config render` as a technician runs them, on a temp
 * data directory: the first test runs the real `bin/provkit.mjs` process (JSON on stdout, exit code);
 * the others call the same CLI entry in-process (seconds instead of a tsx start per command).
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';
import { run } from '../helpers/run';
import { REPO } from '../helpers/serve';

const CLI = join(REPO, 'bin', 'provkit.mjs');
const TMM = join(REPO, 'test', 'fixtures', 'inventory', 'cic-tmm-notepad.csv');
let data: string;
const spawned = (...args: string[]) => run(process.execPath, [CLI, ...args, '--data', data], { timeoutMs: 90_000 });

/** Run the CLI in this process, capturing what it writes. */
async function provkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const write = (key: 'stdout' | 'stderr') => (chunk: string | Uint8Array) => ((out[key] += String(chunk)), true);
  const saved = [process.stdout.write, process.stderr.write] as const;
  process.stdout.write = write('stdout') as typeof process.stdout.write;
  process.stderr.write = write('stderr') as typeof process.stderr.write;
  try {
    return { code: await main([...args, '--data', data]), ...out };
  } finally {
    [process.stdout.write, process.stderr.write] = saved;
  }
}

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'provkit-cli-inv-'));
});

describe('provkit inventory', () => {
  it('import --dry-run --json: the exact report shape, exit 1 for rejected rows, nothing written', async () => {
    const r = await spawned('inventory', 'import', TMM, '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['format', 'accepted', 'rejected']);
    expect(report.format).toBe('cic-tmm');
    expect(report.accepted[0]).toMatchObject({ line: 3, mac: '0004f204f6a9', label: 'PolycomAgent2', extension: '7202', action: 'new' });
    expect(Object.keys(report.accepted[0]).slice(0, 2)).toEqual(['line', 'mac']);
    expect(report.rejected).toContainEqual({ line: 5, reason: 'Address "0026DF00020" is not a MAC address: it has 11 hex digits, a MAC has 12', column: 'Address' });
    expect(report.rejected.map((x: { line: number }) => x.line)).toEqual([2, 4, 5]);
    await expect(readFile(join(data, 'inventory.json'))).rejects.toThrow(/ENOENT/);
  }, 120_000);

  it('import writes accepted rows with who did it; a clean file exits 0; export and config render', async () => {
    const first = await provkit('inventory', 'import', TMM);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/Written: 3 new, 0 updated, 0 unchanged\./);
    expect(first.stdout).toMatch(/line 5 +Address "0026DF00020" is not a MAC address/);
    const history = await readFile(join(data, 'inventory-history.jsonl'), 'utf8');
    expect(history).toMatch(/"who":"[^"]+ \(cli import cic-tmm-notepad\.csv\)"/);

    const csv = join(data, 'phones.csv');
    await writeFile(csv, 'mac,line1_extension,line1_password,template\n00:04:F2:00:00:99,2099,Cli-Secret-9,polycom-uc4\n');
    const ok = await provkit('inventory', 'import', csv, '--format', 'provkit');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(await readFile(join(data, 'inventory.json'), 'utf8')).not.toContain('Cli-Secret-9');

    const exported = await provkit('inventory', 'export');
    expect(exported.code).toBe(0);
    const rows = exported.stdout.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('mac,vendor,model,label,template,provider,notes,licence_number,custom_files,line1_extension,line1_display_name,line1_label,line1_sip_server,line1_auth_user');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['0004f2000099', '0004f204f6a9', '00908f123456', '00908f5635bb']);
    expect(exported.stdout).not.toContain('Cli-Secret-9');
    const withSecrets = await provkit('inventory', 'export', '--with-secrets', '--format', 'provkit');
    expect(withSecrets.stdout).toContain('line1_password');
    expect(withSecrets.stdout).toContain('Cli-Secret-9');

    const out = join(data, 'rendered');
    const rendered = await provkit('config', 'render', '--mac', '0004.f200.0099', '--out', out);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['0004f2000099-provkit.cfg', '0004f2000099.cfg']);
    const cfg = await readFile(join(out, '0004f2000099-provkit.cfg'), 'utf8');
    expect(XMLValidator.validate(cfg)).toBe(true);
    expect(cfg).toContain('reg.1.auth.password="Cli-Secret-9"');
    expect(cfg).toContain('template polycom-uc4');

    const shown = await provkit('config', 'render', '--mac', '0004f2000099');
    expect(shown.stdout).toMatch(/==> 1\. 0004f2000099\.cfg {2}\[master, rendered\] <==/);
    expect(shown.stdout).toMatch(/==> 2\. 0004f2000099-provkit\.cfg {2}\[config, rendered, \d+ parameters\] <==/);
    expect(shown.stdout).toMatch(/==> 3\. 0004f2000099-phone\.cfg {2}\[override, not found \(404\)\] <==/);
    expect(shown.stdout).not.toContain('Cli-Secret-9');
  });

  it('says what is wrong with bad arguments and unknown files', async () => {
    const bad = await provkit('inventory', 'import', TMM, '--format', 'excel');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be auto, cic-tmm, cic-template, provkit, simple; got "excel"/);
    const junk = join(data, 'junk.csv');
    await writeFile(junk, 'hello,world\n1,2\n');
    const unknown = await provkit('inventory', 'import', junk);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Line 1 is not a header ProvKit knows/);
  });
});
