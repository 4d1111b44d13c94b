/**
 * Test helper: run a real client (curl, lftp, tftp, ...) and collect its output.
 */
import { execFile } from 'node:child_process';

/** Outcome of a command: exit code (null when killed), stdout and stderr as text. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/**
 * Run a command without a shell.
 * @param timeoutMs kill it after this long (default 20,000 ms)
 * @returns its exit code and output; never rejects for a non-zero exit
 */
export function run(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { timeout: opts.timeoutMs ?? 20_000, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, ...(opts.cwd ? { cwd: opts.cwd } : {}) },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error(`${cmd} is not installed (see .ci/run for the Debian packages)`));
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
        resolve({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), stdoutBytes: stdout });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}
