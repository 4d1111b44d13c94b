#!/usr/bin/env node
/**
 * FTP benchmark: ProvKit's FTP server against vsftpd serving the same root on loopback
 * high ports (vsftpd.conf in a temp dir: anonymous read-only, passive mode), same curl client,
 * a 32 MiB RETR, several interleaved runs (each run: login, PASV, RETR — what a phone does), and
 * 50 × 1 MiB downloads (one curl each, alternating servers; median time per download: what many
 * small configuration and firmware fetches cost). Goal: ≥ 0.8× vsftpd.
 *
 * Usage: node bench/ftp.mjs [--runs N]   (root; needs vsftpd, curl)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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

runBench('ftp', async ({ dir, stops }) => {
  const runs = runsArg(9);
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
  await sleep(300);

  const get = (url) => async () => {
    const r = await timed('curl', ['-sS', '-f', '-o', '/dev/null', url]);
    if (r.code !== 0) throw new Error(`curl ${url} failed (${r.code}): ${r.output}`);
    return r.ms;
  };
  const pkUrl = `ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${pk.ftp}/${FILE}`;
  const vsUrl = `ftp://127.0.0.1:${vsPort}/${FILE}`;
  const one = await interleave(runs, { pk: get(pkUrl), vs: get(vsUrl) });
  const rate = (ms) => SIZE / MiB / (ms / 1000);
  const r1 = [one.pk.map(rate), one.vs.map(rate)];
  const rows = [result('32 MiB RETR with curl (login + PASV + RETR)', 'MiB/s', median(r1[0]), 'vsftpd', median(r1[1]), '≥ 0.8×', 0.8, ...r1)];

  // 50 × 1 MiB, one curl per download, alternating servers (no quiet wait between them).
  const small = await interleave(SMALL_COUNT, { pk: get(pkUrl.replace(FILE, SMALL)), vs: get(vsUrl.replace(FILE, SMALL)) }, { quiet: false });
  // Lower time is better: the ratio is vsftpd's median time over ProvKit's (≥ 1 = ProvKit faster).
  const inv = (ms) => 1000 / ms;
  /** Slowest, median and fastest of many runs (the table's runs column). */
  const spread = (xs) => [Math.min(...xs), median(xs), Math.max(...xs)];
  rows.push(result(`${SMALL_COUNT} × 1 MiB RETR with curl (downloads per second, median)`, '/s', inv(median(small.pk)), 'vsftpd', inv(median(small.vs)), '≥ 0.8×', 0.8, spread(small.pk.map(inv)), spread(small.vs.map(inv))));

  // Informational: 10 phones at once.
  const many = (url) => async () => {
    const r = await timedParallel(10, () => ['curl', ['-sS', '-f', '-o', '/dev/null', url]]);
    if (r.failed) throw new Error(`${r.failed} downloads failed: ${r.output}`);
    return r.ms;
  };
  const conc = await interleave(Math.max(3, Math.ceil(runs / 3)), { pk: many(pkUrl), vs: many(vsUrl) });
  const r2 = [conc.pk.map((ms) => rate(ms) * 10), conc.vs.map((ms) => rate(ms) * 10)];
  rows.push(result('10 concurrent 32 MiB RETR (aggregate)', 'MiB/s', median(r2[0]), 'vsftpd', median(r2[1]), '≥ 0.8× (info)', 0.8, ...r2));
  printTable('FTP (loopback)', rows);
});
