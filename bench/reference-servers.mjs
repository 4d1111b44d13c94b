/**
 * The reference servers and clients the benchmarks measure ProvKit against: an nginx
 * configuration for a loopback server, `wrk` for requests per second, and atftpd's binary.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from './lib.mjs';

/**
 * nginx.conf for one loopback server on `port` serving `root`, everything else in `dir`: Debian's
 * defaults for what matters here (workers = CPUs, sendfile, access log on).
 * @param {string} dir
 * @param {string} root
 * @param {number} port
 * @param {{ main?: string, connections?: number, server?: string }} [opts] extra main-context and
 *   server directives (lines ending in a newline), worker connections (default 1,024)
 * @returns {string}
 */
export function nginxConf(dir, root, port, opts = {}) {
  return `daemon off;
worker_processes auto;
${opts.main ?? ''}pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${opts.connections ?? 1024}; }
http {
  access_log ${dir}/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  types { application/octet-stream ld bin; application/xml cfg; }
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
${opts.server ?? ''}  }
}
`;
}

/**
 * Requests/s of `wrk -t2 -c50 -d<seconds>s url`. Asynchronous: this process's event loop keeps
 * running meanwhile (a server or a worker's listener in this process is served).
 * @param {string} url
 * @param {number} seconds
 * @returns {Promise<number>}
 * @throws (rejects) when wrk fails or sees non-2xx responses or socket errors
 */
export function wrk(url, seconds = 10) {
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', ['-t2', '-c50', `-d${seconds}s`, url]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', () => {
      const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
      const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out);
      if (!m) reject(new Error(`wrk failed: ${out}`));
      else if (errors) reject(new Error(`wrk saw errors: ${errors[0]}`));
      else resolve(Number(m[1]));
    });
  });
}

/**
 * atftpd's binary: on PATH, or unpacked from its Debian package into a cache folder (atftpd and
 * tftpd-hpa conflict as packages, so it is fetched with `apt-get download`, never installed).
 * @returns {string | undefined}
 */
export function atftpd() {
  const onPath = which('atftpd');
  if (onPath) return onPath;
  const cache = join(tmpdir(), 'provkit-bench-cache');
  const bin = join(cache, 'usr', 'sbin', 'atftpd');
  if (existsSync(bin)) return bin;
  mkdirSync(cache, { recursive: true });
  const dl = spawnSync('sh', ['-c', 'apt-get download atftpd >/dev/null 2>&1 && dpkg-deb -x atftpd_*.deb . && rm -f atftpd_*.deb'], { cwd: cache });
  return dl.status === 0 && existsSync(bin) ? bin : undefined;
}

