/**
 * `--help` works on every `provkit` command and subcommand: exit code 0 and that command's usage
 * (`simulate --help` and `simulate-web --help` used to answer "Unknown option").
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/serve';

const CASES: Array<[string[], RegExp]> = [
  [['serve', '--help'], /provkit serve \[--data DIR\]/],
  [['simulate', '--help'], /provkit simulate --server URL/],
  [['simulate-web', '--help'], /provkit simulate-web --dialect[\s\S]*sip\.ver/],
  [['phone', 'reboot', '--help'], /provkit phone info\|get-provisioning/],
  [['keypad', '-h'], /provkit keypad --mac MAC/],
  [['inventory', 'export', '--help'], /^Usage:\n {2}provkit inventory export/],
  [['config', 'render', '--help'], /provkit config render --mac MAC/],
  [['firmware', '--help'], /provkit firmware import[\s\S]*provkit firmware list[\s\S]*provkit firmware plan/],
  [['firmware', 'plan', '--help'], /^Usage:\n {2}provkit firmware plan --model M/],
  [['dhcp', 'probe', '--help'], /^Usage:\n {2}provkit dhcp probe --iface IF/],
  [['dhcp', 'build', '--help'], /Usage: provkit dhcp build \[options\]/],
];

describe('provkit --help on every command', () => {
  it.each(CASES)('%j', (args, usage) => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(usage);
    expect(r.stderr).not.toMatch(/Unknown option/);
  }, 60_000);
});
