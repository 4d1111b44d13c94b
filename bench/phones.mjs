#!/usr/bin/env node
/**
 * N simulated Polycom phones booting at once behind one address (as behind NAT: every phone from
 * 127.0.0.1, each with its own User-Agent and MAC), three runs against one `provkit serve`, side
 * by side with nginx (WebDAV PUT on, so phone log uploads succeed) serving the same files to the
 * same simulator. During the ProvKit runs the web UI's API (`POST /api/listPhones`) is called every
 * 100 ms and its latency kept; the server's resident memory is read after each run.
 * Goals: every phone OK in each run; run 3 ≤ 1.1× run 1; run 1 ≤ 1.5× nginx; API p95 ≤ 100 ms;
 * RSS ≤ 300 MB at 5,000 phones.
 *
 * Usage: node bench/phones.mjs [--phones N] [--runs N]   (needs nginx: apt-get install nginx-light)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, median, REPO, requireTools, runBench, sleep, startProcess, startProvkit, waitQuiet, waitTcp, writePhoneRoot as writeRoot } from './lib.mjs';
import { nginxConf } from './reference-servers.mjs';

requireTools({ nginx: 'nginx-light' });

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const PHONES = arg('phones', 1000);
const RUNS = arg('runs', 3);


/** nginx with WebDAV PUT on (phone log uploads), root workers (they write into the temp root). */
function nginxDavConf(dir, root, port) {
  return nginxConf(dir, root, port, {
    main: 'user root;\nworker_rlimit_nofile 65536;\n',
    connections: 8192,
    server: '    dav_methods PUT;\n    create_full_put_path on;\n    client_max_body_size 10m;\n',
  });
}

/** One `provkit simulate` run of PHONES phones. @returns {{ ms: number, ok: number, output: string }} */
function simulate(url, firstMac) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', url, '--mac', firstMac, '--count', String(PHONES), '--model', 'VVX400', '--tag-serial', '--timeout', '120'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', () => {
      const ok = (out.match(/booted OK/g) ?? []).length;
      resolve({ ms: performance.now() - t0, ok, output: out });
    });
  });
}

/** Call the UI API every 100 ms until `stop()`; @returns latencies in ms. */
function pollApi(base, token) {
  const lat = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const r = await fetch(`${base}/api/listPhones`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: '{}',
        });
        await r.arrayBuffer();
        if (r.ok) lat.push(performance.now() - t0);
      } catch {
        /* counted as missing */
      }
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return lat;
    },
  };
}

const rssMiB = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

runBench('phones', async ({ dir, stops }) => {
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), http: 0 });
  stops.push(pk.stop);
  writeRoot(pk.root);
  const ui = /Web UI\s+(http:\/\/[^\s]+)/.exec(pk.output())?.[1] ?? '';
  const uiUrl = new URL(ui);
  const token = uiUrl.searchParams.get('token') ?? (() => {
    try {
      return readFileSync(join(dir, 'provkit', 'ui-token'), 'utf8').trim();
    } catch {
      return undefined;
    }
  })();
  const base = `${uiUrl.protocol}//${uiUrl.host}`;

  const ngDir = join(dir, 'nginx');
  const ngRoot = join(dir, 'nginx-root');
  mkdirSync(ngDir, { recursive: true });
  writeRoot(ngRoot);
  const ngPort = await freePort();
  writeFileSync(join(ngDir, 'nginx.conf'), nginxDavConf(ngDir, ngRoot, ngPort));
  const ng = startProcess('nginx', ['-c', join(ngDir, 'nginx.conf'), '-p', ngDir]);
  stops.push(ng.stop);
  await waitTcp(ngPort);

  const pkRuns = [];
  const ngRuns = [];
  const apiLat = [];
  let rss = 0;
  for (let r = 0; r < RUNS; r++) {
    // Same MACs every run: the same phones booting again, as a bench does.
    await waitQuiet();
    const poll = pollApi(base, token);
    const a = await simulate(`http://127.0.0.1:${pk.http}/`, '0004f2100000');
    const lat = await poll.stop();
    apiLat.push(...lat);
    rss = Math.max(rss, rssMiB(pk.pid));
    pkRuns.push(a);
    process.stdout.write(`ProvKit run ${r + 1}: ${(a.ms / 1000).toFixed(1)} s, ${a.ok}/${PHONES} OK, API p95 ${pct(lat, 95).toFixed(0)} ms (${lat.length} calls), RSS ${rss.toFixed(0)} MiB\n`);
    if (a.ok < PHONES) process.stdout.write(`${a.output.split('\n').filter((l) => /FAILED|problems| {2}- /.test(l)).slice(0, 5).join('\n')}\n`);
    await waitQuiet();
    const b = await simulate(`http://127.0.0.1:${ngPort}/`, '0004f2100000');
    ngRuns.push(b);
    process.stdout.write(`nginx   run ${r + 1}: ${(b.ms / 1000).toFixed(1)} s, ${b.ok}/${PHONES} OK\n`);
  }
  const s = (x) => (x.ms / 1000).toFixed(1);
  const ngMed = median(ngRuns.map((x) => x.ms));
  const lines = [
    `### ${PHONES.toLocaleString('en-US')} phones behind one address (HTTP, loopback)`,
    '',
    '| Measurement | ProvKit | nginx (WebDAV) | Ratio | Goal | Met |',
    '|---|---|---|---|---|---|',
    `| run times (s) | ${pkRuns.map(s).join(', ')} | ${ngRuns.map(s).join(', ')} | run 1 / nginx median **${(pkRuns[0].ms / ngMed).toFixed(2)}×** | ≤ 1.5× | ${pkRuns[0].ms / ngMed <= 1.5 ? 'yes' : 'NO'} |`,
    `| phones OK per run | ${pkRuns.map((x) => x.ok).join(', ')} | ${ngRuns.map((x) => x.ok).join(', ')} | | all | ${pkRuns.every((x) => x.ok === PHONES) ? 'yes' : 'NO'} |`,
    `| run ${RUNS} / run 1 | ${(pkRuns[RUNS - 1].ms / pkRuns[0].ms).toFixed(2)}× | | | ≤ 1.1× | ${pkRuns[RUNS - 1].ms / pkRuns[0].ms <= 1.1 ? 'yes' : 'NO'} |`,
    `| UI API p95 / max during runs (ms) | ${pct(apiLat, 95).toFixed(0)} / ${Math.max(...apiLat).toFixed(0)} (${apiLat.length} calls) | | | ≤ 100 ms | ${pct(apiLat, 95) <= 100 ? 'yes' : 'NO'} |`,
    // The goal is in MB (10^6 bytes): 300 MB is 286.1 MiB.
    `| server RSS, highest (MiB) | ${rss.toFixed(0)} (${((rss * 1048576) / 1e6).toFixed(0)} MB) | | | ≤ 300 MB | ${rss * 1048576 <= 300e6 ? 'yes' : 'NO'} |`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});
