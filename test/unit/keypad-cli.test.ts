/**
 * `provkit keypad` as a technician runs it: the exact JSON of issue #5 and a usage error through the
 * real command (bin/provkit.mjs), then the human steps, the SoundPoint IP 560 choice, refusals with
 * reasons and the address plan through the command module in-process (each process run loads the
 * whole CLI, which is slow on a loaded machine).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keypad } from '../../electron/cli/keypad';
import { run } from '../helpers/run';
import { REPO } from '../helpers/serve';

const provkit = (...args: string[]) => run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'keypad', ...args], { timeoutMs: 40_000 });

/** Run the command module in-process and capture what it prints. */
async function inProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    const code = await keypad(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
afterEach(() => vi.restoreAllMocks());

describe('provkit keypad (the real command)', () => {
  it('prints exactly the JSON plan', async () => {
    const r = await provkit('--mac', '00:04:F2:AB:CD:EF', '--model', 'SPIP650', '--case', 'lower', '--json');
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Object.keys(plan)).toEqual(['mac', 'model', 'case', 'resetKeys', 'actions']);
    expect(plan).toMatchObject({ mac: '0004f2abcdef', model: 'SPIP650', case: 'lower', resetKeys: ['4', '6', '8', '*'] });
    expect(plan.actions.slice(6, 9)).toEqual([
      { type: 'mode', times: 2, to: 'lower', label: 'a-1A' },
      { type: 'key', key: '3', times: 3, produces: 'f' },
      { type: 'mode', times: 1, to: 'numeric', label: '1->Aa' },
    ]);
    expect(plan.actions[1]).toEqual({ type: 'pause' });
  });

  it('--help prints the usage with the procedures (exit 0)', async () => {
    const r = await provkit('--help');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('--procedure megapath|cic|altigen');
    expect(r.stdout).toContain('colon = # twice');
    expect(r.stderr).toBe('');
  });

  it('is a usage error without --mac (exit 2)', async () => {
    const usage = await provkit('--case', 'upper');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--mac is required/);
  });
});

describe('provkit keypad (the command module)', () => {
  it('prints the procedure and numbered steps for people', async () => {
    const r = await inProcess('--mac', '0004f2abcdef');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('press and hold 4, 6, 8 and * together');
    expect(r.stdout).toContain(' 6. Press 3 three times → f');
    expect(r.stdout).toContain('until it says a-1A');
    expect(r.stdout).toContain('admin password is 456');
  });

  it('asks for a choice on the SoundPoint IP 560 and accepts one', async () => {
    const r = await inProcess('--mac', '0004f2abcdef', '--model', 'SPIP560', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1, 3, 5 and 7 or 4, 6, 8 and \*/);
    expect(r.stderr).toContain('--reset-keys 1357 or --reset-keys 468*');
    const ok = await inProcess('--mac', '0004f2abcdef', '--model', 'SPIP560', '--reset-keys', '1357', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).resetKeys).toEqual(['1', '3', '5', '7']);
  });

  it('refuses a multicast MAC with the reason, and warns for a non-Polycom prefix', async () => {
    const bad = await inProcess('--mac', '01:04:f2:ab:cd:ef');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/multicast bit/);
    const other = await inProcess('--mac', '00:15:65:4a:a9:37', '--json');
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(/not a Polycom prefix/);
    const model = await inProcess('--mac', '0004f2abcdef', '--model', 'VVX450');
    expect(model.code).toBe(1);
    expect(model.stderr).toMatch(/Known models: .*SPIP650/);
  });

  it('plans an address under the CIC procedure: # twice for the colon; MegaPath’s other keys are named', async () => {
    const r = await inProcess('--address', '10.20.0.157:8088', '--procedure', 'cic');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('keys as the Genesys CIC Managed IP Phones guide gives them');
    expect(r.stdout).toContain('Press # twice → :');
    expect(r.stdout).toContain('The MegaPath IP650/IP670 Enrollment Guide gives other keys: ":" = # until : shows (here: # twice).');
    expect(r.stdout).toContain('provkit keypad --address 10.20.0.157:8088 --procedure megapath');
    const json = JSON.parse((await inProcess('--address', '10.20.0.157:8088', '--procedure', 'cic', '--json')).stdout);
    expect(json.actions).toContainEqual({ type: 'key', key: '#', times: 2, produces: ':' });
    expect(json.disagreements).toEqual([{ procedure: 'megapath', chars: [{ char: ':', chosen: '# twice', other: '# until : shows' }] }]);
  });

  it('plans the MegaPath address in the menus: 1/Ascii before the first digit', async () => {
    const r = await inProcess('--address', '72.245.184.168/mpv', '--procedure', 'megapath');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ 1\. Press the button under 1\/A\/a until you see “1\/Ascii” at the top of the screen/);
    expect(r.stdout).toMatch(/ 2\. Press 7 once → 7/);
  });

  it('refuses an unknown procedure (usage error)', async () => {
    await expect(inProcess('--address', '10.0.0.5', '--procedure', 'acme')).rejects.toThrow(/--procedure is megapath, cic, altigen/);
  });

  it('plans the guide’s address for the boot Setup menu', async () => {
    const r = await inProcess('--address', '72.245.184.168/mpv', '--field', 'boot', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).actions).toContainEqual({ type: 'key', key: '#', times: 1, produces: '/' });
  });
});
