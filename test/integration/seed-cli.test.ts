/**
 * The CLI as a technician runs it for issue-21 seed fidelity, on a temp data directory (in-process,
 * the same entry as bin/provkit.mjs): `dhcp build --help` and the CIC records, `config render --out`
 * naming a Yealink model's own common file and giving a SoundPoint IP 650 its UC 4 template, and
 * `inventory licence-order` attaching one order to three phones in one step.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';
import { REPO } from '../helpers/serve';

let data: string;

/** Run the CLI in this process, capturing what it writes. */
async function provkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const write = (key: 'stdout' | 'stderr') => (chunk: string | Uint8Array) => ((out[key] += String(chunk)), true);
  const saved = [process.stdout.write, process.stderr.write] as const;
  process.stdout.write = write('stdout') as typeof process.stdout.write;
  process.stderr.write = write('stderr') as typeof process.stderr.write;
  try {
    return { code: await main(args), ...out };
  } finally {
    [process.stdout.write, process.stderr.write] = saved;
  }
}

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'seed-cli-'));
  const csv = join(data, 'phones.csv');
  await writeFile(
    csv,
    [
      'mac,vendor,model,line1_extension,line1_sip_server',
      '0004f2000101,polycom,SPIP650,7101,sip.example.test:5060',
      '0004f2000102,polycom,VVX400,7102,sip.example.test:5060',
      '0004f2000103,polycom,SPIP650,7103,',
      '001565000046,yealink,SIP-T46G,4601,sip.example.test:5060',
      '001565000048,yealink,SIP-T48S,4801,',
      '',
    ].join('\n'),
  );
  const r = await provkit('inventory', 'import', csv, '--format', 'provkit', '--data', data);
  expect(r.code, r.stdout + r.stderr).toBe(0);
});

describe('provkit dhcp build', () => {
  it('--help answers with every option (exit 0)', async () => {
    const r = await provkit('dhcp', 'build', '--help');
    expect(r.code).toBe(0);
    const top = await provkit('dhcp', '--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('provkit dhcp build --help');
    for (const flag of ['--family', '--procedure cic', '--time-offset', '--ntp-server', '--dns-server', '--domain', '--tftp-server', '--recovery-model', '--recovery-vlan', '--toshiba-nul']) expect(r.stdout).toContain(flag);
  });

  it('builds the CIC records from the command line, with --vlan-option 132 accepted', async () => {
    const r = await provkit('dhcp', 'build', '--family', 'audiocodes', '--procedure', 'cic', '--boot-url', 'http://provision.lab.voip:8088', '--vlan', '100', '--vlan-option', '132', '--time-offset', 'FFFF.B9B0', '--dns-server', '10.250.1.5', '--dns-server', '10.250.0.2', '--domain', 'lab.voip', '--tftp-server', '10.0.0.11', '--recovery-model', '420HD', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { options: Array<{ code: number; hex: string; vendorClass?: string }> };
    expect(j.options.map((o) => [o.code, o.hex, o.vendorClass ?? ''])).toEqual([
      [160, '687474703a2f2f70726f766973696f6e2e6c61622e766f69703a38303838', ''],
      [132, '313030', ''],
      [2, 'ffffb9b0', ''],
      [6, '0afa01050afa0002', ''],
      [15, '6c61622e766f6970', ''],
      [66, '31302e302e302e3131', ''],
      [67, '34323068642e696d67', '420HD'],
    ]);
  });

  it('warns when option 66 is built for Polycom phones in a CIC site; Toshiba with NUL is scoped', async () => {
    const r = await provkit('dhcp', 'build', '--family', 'polycom', '--procedure', 'cic', '--boot-url', 'http://provision.lab.voip:8088', '--option', 'both');
    expect(r.stdout).toMatch(/Warning: Option 66 is built for Polycom phones/);
    const t = await provkit('dhcp', 'build', '--toshiba-server', '192.168.100.39', '--toshiba-nul', '--json');
    const o = (JSON.parse(t.stdout) as { options: Array<{ hex: string; vendorClass: string }> }).options[0]!;
    expect(o.hex).toBe('010f544f53484942412049506564676500' + '0204c0a86427' + '030100');
    expect(o.vendorClass).toBe('TOSHIBA IPedge');
  });
});

describe('provkit config render --out', () => {
  it('names each Yealink model\'s own common file', async () => {
    const out = join(data, 'yealink');
    for (const mac of ['001565000046', '001565000048']) expect((await provkit('config', 'render', '--mac', mac, '--out', out, '--data', data)).code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['001565000046.cfg', '001565000048.cfg', 'y000000000028.cfg', 'y000000000065.cfg']);
    const mac46 = await readFile(join(out, '001565000046.cfg'), 'utf8');
    expect(mac46).toContain('account.1.sip_server.1.address = sip.example.test\n');
    expect(mac46).toContain('account.1.sip_server.1.port = 5060\n');
  });

  it('gives a SoundPoint IP 650 the UC 4 template and a VVX 400 the UC 5 one, host and port apart', async () => {
    const spip = await provkit('config', 'render', '--mac', '0004f2000101', '--data', data);
    expect(spip.stdout).toMatch(/template polycom-uc4/);
    expect(spip.stdout).toContain('reg.1.server.1.address="sip.example.test"');
    expect(spip.stdout).toContain('reg.1.server.1.port="5060"');
    expect((await provkit('config', 'render', '--mac', '0004f2000102', '--data', data)).stdout).toMatch(/template polycom-uc5/);
  });
});

describe('provkit inventory licence-order', () => {
  it('attaches one order covering three MACs in one step, lists the MAC not in the inventory, reminds to reboot', async () => {
    const order = join(REPO, 'test', 'fixtures', 'licences', 'order-three-phones.xml');
    const r = await provkit('inventory', 'licence-order', order, '--data', data);
    expect(r.code, r.stderr).toBe(1); // one MAC of the order is not in the inventory
    expect(r.stdout).toContain('Attached to 3 phone(s):');
    expect(r.stdout).toMatch(/Not in the inventory \(nothing written\): 00:04:f2:00:01:99/i);
    expect(r.stdout).toMatch(/reboot each phone/);
    const root = join(data, 'provisioning');
    const files = (await readdir(root)).filter((f) => f.endsWith('-license.cfg')).sort();
    expect(files).toEqual(['0004f2000101-license.cfg', '0004f2000102-license.cfg', '0004f2000103-license.cfg']);
    const bad = await provkit('inventory', 'licence-order', '--data', data);
    expect(bad.code).toBe(2);
  });
});
