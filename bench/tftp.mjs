#!/usr/bin/env node
/**
 * TFTP benchmark: ProvKit's TFTP server against tftpd-hpa (and atftpd for windowsize)
 * on loopback high ports, same 32 MiB image, same client (atftp), several interleaved runs.
 * Measures: blksize 1428 lock-step; blksize 1428 + windowsize 8 (tftpd-hpa ignores windowsize and
 * runs lock-step, atftpd honours it); 20 clients at once (blksize 1428).
 * Goals: ≥ 1.0× tftpd-hpa with the same client and block size; with windowsize ≥ 2× tftpd-hpa.
 *
 * Usage: node bench/tftp.mjs [--runs N]   (root: for tftpd-hpa's chroot; needs atftp, tftpd-hpa)
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, runBench, interleave, median, MiB, printTable, requireTools, result, runsArg, sleep, startProcess, startProvkit, timed, timedParallel, writeRandomFile } from './lib.mjs';
import { atftpd } from './reference-servers.mjs';

const SIZE = 32 * MiB;
const FILE = 'img32.bin';
const CONCURRENT = 20;

requireTools({ atftp: 'atftp', 'in.tftpd': 'tftpd-hpa' });

/** One atftp download; throws when it fails. */
async function get(port, options, local = '/dev/null') {
  const args = ['-g', '-r', FILE, '-l', local, ...options.flatMap((o) => ['--option', o]), '127.0.0.1', String(port)];
  const r = await timed('atftp', args);
  if (r.code !== 0) throw new Error(`atftp ${args.join(' ')} failed (${r.code}): ${r.output}`);
  return r.ms;
}

const rate = (bytes, ms) => bytes / MiB / (ms / 1000);

runBench('tftp', async ({ dir, stops }) => {
  const runs = runsArg(7);
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), tftp: await freePort('udp') });
  stops.push(pk.stop);
  writeRandomFile(join(pk.root, FILE), SIZE);
  const hpaPort = await freePort('udp');
  const hpa = startProcess('in.tftpd', ['-L', '-a', `127.0.0.1:${hpaPort}`, '-s', '-u', 'root', pk.root]);
  stops.push(hpa.stop);
  const atftpdBin = atftpd();
  const atPort = await freePort('udp');
  if (atftpdBin) {
    const at = startProcess(atftpdBin, ['--daemon', '--no-fork', '--port', String(atPort), '--bind-address', '127.0.0.1', '--user', 'root', '--group', 'root', '--logfile', '/dev/null', '--maxthread', '200', pk.root]);
    stops.push(at.stop);
  } else process.stderr.write('atftpd not available: the windowsize comparison with atftpd is skipped\n');
  await sleep(500);

  // Correctness first: every server delivers the same bytes.
  const want = createHash('sha256').update(readFileSync(join(pk.root, FILE))).digest('hex');
  for (const [name, port, opts] of [['ProvKit', pk.tftp, ['blksize 1428', 'windowsize 8']], ['tftpd-hpa', hpaPort, ['blksize 1428']], ...(atftpdBin ? [['atftpd', atPort, ['blksize 1428', 'windowsize 8']]] : [])]) {
    const out = join(dir, `check-${name}`);
    await get(port, opts, out);
    const got = createHash('sha256').update(readFileSync(out)).digest('hex');
    rmSync(out);
    if (got !== want) throw new Error(`${name} delivered different bytes`);
  }

  const rows = [];
  const lock = await interleave(runs, { pk: () => get(pk.tftp, ['blksize 1428']), hpa: () => get(hpaPort, ['blksize 1428']) });
  const r1 = [lock.pk.map((ms) => rate(SIZE, ms)), lock.hpa.map((ms) => rate(SIZE, ms))];
  rows.push(result('32 MiB, blksize 1428, lock-step (atftp)', 'MiB/s', median(r1[0]), 'tftpd-hpa', median(r1[1]), '≥ 1.0×', 1.0, ...r1));

  const win = await interleave(runs, {
    pk: () => get(pk.tftp, ['blksize 1428', 'windowsize 8']),
    hpa: () => get(hpaPort, ['blksize 1428', 'windowsize 8']),
    ...(atftpdBin ? { at: () => get(atPort, ['blksize 1428', 'windowsize 8']) } : {}),
  });
  const r2 = [win.pk.map((ms) => rate(SIZE, ms)), win.hpa.map((ms) => rate(SIZE, ms))];
  rows.push(result('32 MiB, blksize 1428, windowsize 8 (atftp)', 'MiB/s', median(r2[0]), 'tftpd-hpa (lock-step)', median(r2[1]), '≥ 2.0×', 2.0, ...r2));
  if (win.at) {
    const r3 = win.at.map((ms) => rate(SIZE, ms));
    rows.push(result('32 MiB, blksize 1428, windowsize 8 (atftp)', 'MiB/s', median(r2[0]), 'atftpd (windowsize 8)', median(r3), '≥ 1.0× (info)', 1.0, r2[0], r3));
  }

  const many = (port) => async () => {
    const r = await timedParallel(CONCURRENT, () => ['atftp', ['-g', '-r', FILE, '-l', '/dev/null', '--option', 'blksize 1428', '127.0.0.1', String(port)]]);
    if (r.failed) throw new Error(`${r.failed} of ${CONCURRENT} concurrent downloads failed: ${r.output}`);
    return r.ms;
  };
  const conc = await interleave(Math.max(3, Math.ceil(runs / 2)), { pk: many(pk.tftp), hpa: many(hpaPort) });
  const r4 = [conc.pk.map((ms) => rate(SIZE * CONCURRENT, ms)), conc.hpa.map((ms) => rate(SIZE * CONCURRENT, ms))];
  rows.push(result(`${CONCURRENT} clients at once × 32 MiB, blksize 1428 (aggregate)`, 'MiB/s', median(r4[0]), 'tftpd-hpa', median(r4[1]), '≥ 1.0×', 1.0, ...r4));

  printTable('TFTP (loopback)', rows);
});
