#!/usr/bin/env node
/**
 * FTP benchmark: ProvKit's FTP server against vsftpd serving the same root on loopback
 * high ports (vsftpd.conf in a temp dir: anonymous read-only, passive mode), same curl client,
 * a 32 MiB RETR, several interleaved runs (each run: login, PASV, RETR — what a phone does), and
 * 50 × 1 MiB downloads (one curl each, alternating servers; median time per download: what many
 * small configuration and firmware fetches cost). Goal: ≥ 0.8× vsftpd.
 *
 * Usage: node bench/ftp.mjs [--runs N] [--baseline DIR]   (root; needs vsftpd, curl)
 * `--baseline DIR` also runs `DIR/bin/provkit.mjs` (another checkout, e.g. the commit before a
 * change) on the same files, interleaved with the others: rows for it against vsftpd and this build.
 */
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort, runBench, interleave, median, MiB, printTable, requireTools, result, runsArg, sleep, startProcess, startProvkit, timed, timedParallel, waitTcp, writeRandomFile,
} from './lib.mjs';

const SIZE = 32 * MiB;
const FILE = 'img32.bin';
const SMALL = 'img1.bin';
const SMALL_COUNT = 50;

requireTools({ vsftpd: 'vsftpd', curl: 'curl' });

/** vsftpd.conf: standalone on 127.0.0.1:port, anonymous read-only from `root`. */
function vsftpdConf(dir, root, port) {
  return [
    'listen=YES',
    'listen_ipv6=NO',
    'listen_address=127.0.0.1',
    `listen_port=${port}`,
    'background=NO',
    'anonymous_enable=YES',
    'no_anon_password=YES',
    `anon_root=${root}`,
    'local_enable=NO',
    'write_enable=NO',
    'pasv_enable=YES',
    'pasv_min_port=31000',
    'pasv_max_port=31100',
    'seccomp_sandbox=NO',
    `secure_chroot_dir=${join(dir, 'empty')}`,
    'xferlog_enable=YES',
    `vsftpd_log_file=${join(dir, 'vsftpd.log')}`,
    `xferlog_file=${join(dir, 'xferlog')}`,
    'use_localtime=NO',
    '',
  ].join('\n');
}

/** `--baseline DIR`: also run the ProvKit of another checkout (e.g. an older commit) side by side. */
function baselineArg() {
  const i = process.argv.indexOf('--baseline');
  return i > 0 ? process.argv[i + 1] : undefined;
}

runBench('ftp', async ({ dir, stops }) => {
  const runs = runsArg(9);
  const baseline = baselineArg();
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), ftp: await freePort() });
  stops.push(pk.stop);
  writeRandomFile(join(pk.root, FILE), SIZE);
  writeRandomFile(join(pk.root, SMALL), MiB);
  const vs = join(dir, 'vsftpd');
  mkdirSync(join(vs, 'empty'), { recursive: true, mode: 0o755 });
  const vsPort = await freePort();
  writeFileSync(join(vs, 'vsftpd.conf'), vsftpdConf(vs, pk.root, vsPort), { mode: 0o600 });
  const vsftpd = startProcess('vsftpd', [join(vs, 'vsftpd.conf')]);
  stops.push(vsftpd.stop);
  await waitTcp(vsPort);
  /** Base URL of each server under test (same files: the baseline serves the same root). */
  const servers = { pk: `ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${pk.ftp}/`, vs: `ftp://127.0.0.1:${vsPort}/` };
  if (baseline) {
    const base = await startProvkit({ repo: baseline, dataDir: join(dir, 'baseline'), ftp: await freePort() });
    stops.push(base.stop);
    for (const f of [FILE, SMALL]) linkSync(join(pk.root, f), join(base.root, f)); // a symbolic link would lead outside its root
    servers.base = `ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${base.ftp}/`;
  }
  await sleep(300);

  const get = (url) => async () => {
    const r = await timed('curl', ['-sS', '-f', '-o', '/dev/null', url]);
    if (r.code !== 0) throw new Error(`curl ${url} failed (${r.code}): ${r.output}`);
    return r.ms;
  };
  const each = (make) => Object.fromEntries(Object.entries(servers).map(([k, url]) => [k, make(url)]));
  /** Rows comparing ProvKit (and the baseline) with vsftpd, and ProvKit with the baseline. */
  const rowsFor = (what, unit, values, goal, goalRatio, show = (xs) => xs) => {
    const out = [result(what, unit, median(values.pk), 'vsftpd', median(values.vs), goal, goalRatio, show(values.pk), show(values.vs))];
    if (values.base) {
      out.push(result(`${what} — baseline build`, unit, median(values.base), 'vsftpd', median(values.vs), 'info', 0, show(values.base), show(values.vs)));
      out.push(result(`${what} — this build`, unit, median(values.pk), 'baseline build', median(values.base), 'info', 0, show(values.pk), show(values.base)));
    }
    return out;
  };
  const map = (o, f) => Object.fromEntries(Object.entries(o).map(([k, xs]) => [k, xs.map(f)]));

  const rate = (ms) => SIZE / MiB / (ms / 1000);
  const one = await interleave(runs, each((u) => get(u + FILE)));
  const rows = rowsFor('32 MiB RETR with curl (login + PASV + RETR)', 'MiB/s', map(one, rate), '≥ 0.8×', 0.8);

  // 50 × 1 MiB, one curl per download, alternating servers (no quiet wait between them).
  // Lower time is better: shown as downloads per second (≥ 1 = ProvKit faster).
  const small = await interleave(SMALL_COUNT, each((u) => get(u + SMALL)), { quiet: false });
  /** Slowest, median and fastest of many runs (the table's runs column). */
  const spread = (xs) => [Math.min(...xs), median(xs), Math.max(...xs)];
  rows.push(...rowsFor(`${SMALL_COUNT} × 1 MiB RETR with curl (downloads per second, median)`, '/s', map(small, (ms) => 1000 / ms), '≥ 0.8×', 0.8, spread));

  // Informational: 10 phones at once.
  const many = (url) => async () => {
    const r = await timedParallel(10, () => ['curl', ['-sS', '-f', '-o', '/dev/null', url]]);
    if (r.failed) throw new Error(`${r.failed} downloads failed: ${r.output}`);
    return r.ms;
  };
  const conc = await interleave(Math.max(3, Math.ceil(runs / 3)), each((u) => many(u + FILE)));
  rows.push(...rowsFor('10 concurrent 32 MiB RETR (aggregate)', 'MiB/s', map(conc, (ms) => rate(ms) * 10), '≥ 0.8× (info)', 0.8));
  printTable('FTP (loopback)', rows);
});
