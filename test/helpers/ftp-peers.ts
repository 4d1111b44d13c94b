/**
 * Test helper: the real FTP clients the FTP server tests drive (curl, lftp in passive PASV mode),
 * and polling until the server has recorded what a client did.
 */
import { run } from './run';

/** curl with a 15 s transfer limit; resolves with its exit code and output. */
export const curlFtp = (...args: string[]) => run('curl', ['-sS', '--max-time', '15', ...args], { timeoutMs: 20_000 });

/**
 * lftp on 127.0.0.1:`port` in passive mode with PASV (not EPSV), one retry, 5 s network timeout.
 * @param script lftp commands (`;`-separated), `bye` is added
 * @param user `user,password`
 */
export const lftpAt = (port: number, script: string, user = 'PlcmSpIp,PlcmSpIp') =>
  run('lftp', ['-u', user, '-e', `set net:max-retries 1; set net:timeout 5; set ftp:passive-mode on; set ftp:prefer-epsv no; set xfer:clobber on; ${script}; bye`, `ftp://127.0.0.1:${port}`], {
    timeoutMs: 20_000,
  });

/**
 * Poll every 10 ms until `pred` holds (the server records a transfer right after its final reply).
 * @throws after `timeoutMs` (default 15 s: generous for a loaded machine)
 */
export async function until(pred: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
