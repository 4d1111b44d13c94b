#!/usr/bin/env node
/**
 * TFTP over a lossy link: 1 MiB downloaded over a veth pair between two network namespaces made
 * here, with 1 % of UDP packets dropped each way (nftables `numgen random mod 100 < 1` in the
 * input chain of each namespace; `tc netem` is not in these kernels). ProvKit's TFTP
 * server against in.tftpd (tftpd-hpa) and atftpd, each with two clients: atftp with `blksize 1428`
 * and tftp-hpa's `tftp` (512-byte blocks), lock-step, interleaved runs, medians.
 * Goal: ProvKit's median time ≤ 1.0× in.tftpd's, same client, same link.
 *
 * The namespaces (`pkloss-srv`, `pkloss-cli`, 10.213.0.1/24 and .2) are created and removed here;
 * no traffic leaves them. The drop is random, so the runs are seeded by the kernel, not by us:
 * medians over ≥ 5 runs are the figure.
 *
 * Usage: node bench/tftp-loss.mjs [--runs N] [--loss P]   (root; needs ip, nft, atftp, tftp, in.tftpd)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { interleave, median, MiB, printTable, requireTools, result, runBench, runsArg, sleep, startProcess, startProvkit, timed, writeRandomFile } from './lib.mjs';
import { atftpd } from './reference-servers.mjs';

const SIZE = 1 * MiB;
const FILE = 'img1.bin';
const SRV = 'pkloss-srv';
const CLI = 'pkloss-cli';
const SRV_IP = '10.213.0.1';
const CLI_IP = '10.213.0.2';
const PORTS = { provkit: 6969, hpa: 6970, atftpd: 6971 };

requireTools({ atftp: 'atftp', tftp: 'tftp-hpa', 'in.tftpd': 'tftpd-hpa', nft: 'nftables', ip: 'iproute2' });

const lossArg = (() => {
  const i = process.argv.indexOf('--loss');
  return i > 0 ? Number(process.argv[i + 1]) : 1;
})();

/** Run a shell command; throws with its output on failure. */
function sh(cmd) {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The two namespaces, the veth between them and the drop rules. */
function makeLink(lossPercent) {
  removeLink();
  sh(`ip netns add ${SRV} && ip netns add ${CLI}`);
  sh(`ip link add pkloss-s type veth peer name pkloss-c`);
  sh(`ip link set pkloss-s netns ${SRV} && ip link set pkloss-c netns ${CLI}`);
  sh(`ip -n ${SRV} addr add ${SRV_IP}/24 dev pkloss-s && ip -n ${SRV} link set pkloss-s up && ip -n ${SRV} link set lo up`);
  sh(`ip -n ${CLI} addr add ${CLI_IP}/24 dev pkloss-c && ip -n ${CLI} link set pkloss-c up && ip -n ${CLI} link set lo up`);
  // Dropped where each direction is received (the input hook of each namespace): a drop in the
  // output hook makes the sender's own sendto() fail with EPERM, which in.tftpd takes as fatal —
  // a local artefact, not a lost packet.
  if (lossPercent > 0) {
    for (const [ns, dev] of [[SRV, 'pkloss-s'], [CLI, 'pkloss-c']]) {
      const rules = [
        'table inet pkloss {',
        '  chain in {',
        '    type filter hook input priority 0; policy accept;',
        `    iifname "${dev}" meta l4proto udp numgen random mod 100 < ${lossPercent} drop`,
        '  }',
        '}',
      ].join('\n');
      const r = spawnSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: rules, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`nft: ${r.stderr}`);
    }
  }
}

function removeLink() {
  spawnSync('sh', ['-c', `ip netns del ${SRV} 2>/dev/null; ip netns del ${CLI} 2>/dev/null; true`]);
}

/** One download from the client namespace; throws on failure. @returns ms */
async function get(client, port, out = '/dev/null') {
  const args =
    client === 'atftp'
      ? ['netns', 'exec', CLI, 'atftp', '-g', '-r', FILE, '-l', out, '--option', 'blksize 1428', SRV_IP, String(port)]
      : ['netns', 'exec', CLI, 'tftp', '-m', 'binary', SRV_IP, String(port), '-c', 'get', FILE, out];
  const r = await timed('ip', args);
  if (r.code !== 0) throw new Error(`${client} from port ${port} failed (${r.code}): ${r.output}`);
  return r.ms;
}

runBench('tftp-loss', async ({ dir, stops }) => {
  const runs = runsArg(5);
  makeLink(lossArg);
  stops.push(async () => removeLink());
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), tftp: PORTS.provkit, bind: SRV_IP, netns: SRV });
  stops.push(pk.stop);
  writeRandomFile(join(pk.root, FILE), SIZE);
  const hpa = startProcess('ip', ['netns', 'exec', SRV, 'in.tftpd', '-L', '-a', `${SRV_IP}:${PORTS.hpa}`, '-s', '-u', 'root', pk.root]);
  stops.push(hpa.stop);
  const atBin = atftpd();
  if (atBin) {
    const at = startProcess('ip', ['netns', 'exec', SRV, atBin, '--daemon', '--no-fork', '--port', String(PORTS.atftpd), '--bind-address', SRV_IP, '--user', 'root', '--group', 'root', '--logfile', '/dev/null', pk.root]);
    stops.push(at.stop);
  } else process.stderr.write('atftpd not available: its column is skipped\n');
  await sleep(500);

  // Correctness first (through the lossy link): every server delivers the same bytes.
  const want = createHash('sha256').update(readFileSync(join(pk.root, FILE))).digest('hex');
  for (const [name, port] of Object.entries(PORTS)) {
    if (name === 'atftpd' && !atBin) continue;
    for (const client of ['atftp', 'tftp']) {
      const out = join(dir, `check-${name}-${client}`);
      // The lossy link can make a client give up; three tries for the check.
      for (let i = 0; ; i++) {
        try {
          await get(client, port, out);
          break;
        } catch (err) {
          if (i < 2) continue;
          if (name === 'provkit') throw err;
          rmSync(out, { force: true });
          process.stderr.write(`${name} failed 3 downloads with ${client} on this link: ${String(err.message).split('\n')[0]}\n`);
          break;
        }
      }
      if (!existsSync(out)) continue;
      const got = createHash('sha256').update(readFileSync(out)).digest('hex');
      rmSync(out);
      if (got !== want) throw new Error(`${name} delivered different bytes to ${client}`);
    }
  }

  const rows = [];
  for (const client of ['atftp', 'tftp']) {
    const blocks = client === 'atftp' ? 'blksize 1428' : '512-byte blocks';
    // A run the client gave up on (it happens to every server on a lossy link) counts as failed
    // and is left out of the median; the failures are listed in the row.
    const failures = { pk: 0, hpa: 0, at: 0 };
    const tryGet = (k, port) => () =>
      get(client, port).catch((err) => {
        failures[k]++;
        process.stderr.write(`${k} ${client}: ${String(err.message).split('\n')[0]}\n`);
        return NaN;
      });
    const t = await interleave(runs, {
      pk: tryGet('pk', PORTS.provkit),
      hpa: tryGet('hpa', PORTS.hpa),
      ...(atBin ? { at: tryGet('at', PORTS.atftpd) } : {}),
    }, { quiet: false });
    const s = (xs) => xs.filter((ms) => !Number.isNaN(ms)).map((ms) => ms / 1000);
    const note = (k) => (failures[k] ? ` (${failures[k]} of ${runs} runs failed)` : '');
    // Times: lower is better, so the ratio that must be ≤ 1.0 is reference/ProvKit ≥ 1.0 in result()'s terms.
    const row = result(`1 MiB, ${lossArg} % loss each way, ${client} (${blocks}), lock-step: time${note('pk')}`, 's', median(s(t.pk)), `in.tftpd${note('hpa')}`, median(s(t.hpa)), '≤ 1.0× in.tftpd', 0, s(t.pk), s(t.hpa));
    row.ratio = row.provkit / row.ref;
    row.met = row.ratio <= 1.0;
    rows.push(row);
    if (t.at) {
      const a = result(`1 MiB, ${lossArg} % loss each way, ${client} (${blocks}), lock-step: time`, 's', median(s(t.pk)), `atftpd${note('at')}`, median(s(t.at)), 'info', 0, s(t.pk), s(t.at));
      a.ratio = a.provkit / a.ref;
      a.met = true;
      rows.push(a);
    }
  }
  printTable(`TFTP over a lossy link (${lossArg} % each way, namespaces)`, rows);
});
