#!/usr/bin/env node
/**
 * `npm run bench`: run every benchmark of bench/ one after the other and print the machine, the
 * versions of the reference servers and clients, and each benchmark's table (Markdown, ready for
 * bench/RESULTS.md). `npm run bench -- --runs 3` passes options on; `--only tftp,http` picks some.
 * A benchmark that cannot run here (a tool missing, not root) is reported and skipped.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { machine, REPO } from './lib.mjs';

const ALL = ['tftp', 'http', 'ftp', 'ratelimited'];
const i = process.argv.indexOf('--only');
const only = i >= 0 ? process.argv[i + 1].split(',') : ALL;
const pass = process.argv.slice(2).filter((a, k, all) => a !== '--only' && all[k - 1] !== '--only');

/** First line of a command's version output, or `not installed`. */
function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return 'not installed';
  return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim())?.trim() ?? '?';
}

const m = machine();
const out = [
  `## Run of ${m.date}`,
  '',
  `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memory} RAM, Linux ${m.kernel}, Node ${m.node}.`,
  '',
  'Versions:',
  `- nginx: ${version('nginx', ['-v'])}`,
  `- vsftpd: ${version('dpkg-query', ['-W', '-f=${Version}', 'vsftpd'])} (Debian package)`,
  `- tftpd-hpa: ${version('dpkg-query', ['-W', '-f=${Version}', 'tftpd-hpa'])} (Debian package)`,
  `- atftp / atftpd: ${version('dpkg-query', ['-W', '-f=${Version}', 'atftp'])}`,
  `- curl: ${version('curl', ['--version'])}`,
  `- wrk: ${version('dpkg-query', ['-W', '-f=${Version}', 'wrk'])}`,
  '',
];
process.stdout.write(`${out.join('\n')}\n`);
let failed = 0;
for (const name of only) {
  const r = spawnSync(process.execPath, [join(REPO, 'bench', `${name}.mjs`), ...pass], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${name}: not run or failed, exit ${r.status})\n\n`);
  }
}
process.exit(failed ? 1 : 0);
