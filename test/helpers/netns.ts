/**
 * Test helper: a private Ethernet segment made of network namespaces (root only). A hub namespace
 * holds a bridge; each member namespace gets a veth into it with a chosen address. Names carry the
 * test's pid so parallel runs never collide; `destroy()` removes everything (call it in afterAll).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Why netns tests cannot run here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need root)';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return '`ip netns` is not available (package iproute2)';
  }
  return undefined;
}

/** Run a command and return its stdout; throws with stderr on failure. */
export function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** One member of the segment. */
export interface Member {
  ns: string;
  /** Interface name inside the namespace. */
  dev: string;
  /** Address with prefix (`10.77.0.1/24`), or none. */
  cidr?: string;
  mac: string;
}

/** A bridge segment of namespaces. */
export class Segment {
  readonly hub: string;
  private readonly members: Member[] = [];
  private readonly children = new Set<ChildProcess>();
  private n = 0;

  /**
   * @param tag short name part (unique per test file)
   * @param opts `hub: true` floods every frame to every port (no MAC learning), like a hub or a
   *   switch mirror port, so a third namespace sees unicast answers too
   */
  constructor(
    readonly tag: string,
    opts: { hub?: boolean } = {},
  ) {
    this.hub = `pk${tag}h${process.pid}`;
    sh('ip', ['netns', 'add', this.hub]);
    sh('ip', ['-n', this.hub, 'link', 'add', 'br0', 'type', 'bridge', ...(opts.hub ? ['ageing_time', '0'] : [])]);
    sh('ip', ['-n', this.hub, 'link', 'set', 'br0', 'up']);
  }

  /**
   * Add a namespace on the segment.
   * @param cidr its address, e.g. `10.77.0.1/24`; omit for a client that gets one by DHCP
   * @param mac its MAC (12 hex digits or colon form)
   * @param into an existing namespace (of another segment) to give a second network card named
   *   `dev` instead of a new namespace: a multi-homed host
   */
  add(cidr: string | undefined, mac: string, into?: { ns: string; dev: string }): Member {
    const i = this.n++;
    const ns = into?.ns ?? `pk${this.tag}${i}x${process.pid}`;
    const dev = into?.dev ?? 'eth0';
    const outer = `pk${this.tag}${i}p${process.pid}`.slice(0, 15);
    if (!into) {
      sh('ip', ['netns', 'add', ns]);
      sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    sh('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', `${outer}q`.slice(0, 15)]);
    sh('ip', ['link', 'set', outer, 'netns', this.hub]);
    sh('ip', ['link', 'set', `${outer}q`.slice(0, 15), 'netns', ns]);
    sh('ip', ['-n', ns, 'link', 'set', `${outer}q`.slice(0, 15), 'name', dev]);
    const colon = mac.replace(/[^0-9a-f]/gi, '').match(/../g)!.join(':');
    sh('ip', ['-n', ns, 'link', 'set', dev, 'address', colon]);
    sh('ip', ['-n', this.hub, 'link', 'set', outer, 'master', 'br0']);
    sh('ip', ['-n', this.hub, 'link', 'set', outer, 'up']);
    sh('ip', ['-n', ns, 'link', 'set', dev, 'up']);
    if (cidr) sh('ip', ['-n', ns, 'addr', 'add', cidr, 'dev', dev]);
    const m: Member = { ns, dev, ...(cidr ? { cidr } : {}), mac: colon };
    if (!into) this.members.push(m);
    return m;
  }

  /** Start a long-running process inside a namespace; it is killed by `destroy()`. */
  spawn(m: Member, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess & { output: () => string } {
    const child = spawn('ip', ['netns', 'exec', m.ns, cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return Object.assign(child, { output: () => out });
  }

  /** Stop one process started with {@link spawn} and wait for it to exit. */
  async kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  }

  /** Kill every process and delete every namespace (and with them the veths and bridge). */
  async destroy(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.kill(c)));
    for (const m of this.members) {
      try {
        sh('ip', ['netns', 'del', m.ns]);
      } catch {
        /* already gone */
      }
    }
    try {
      sh('ip', ['netns', 'del', this.hub]);
    } catch {
      /* already gone */
    }
  }
}

/** Wait until `check()` is true, polling every 100 ms. @throws after `timeoutMs` with `what` */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * What the kernel says about a process that should have exited (Linux `/proc`): its state and
 * each thread's wait channel and current system call, for a failure message.
 * @param pid the process id (undefined: "no pid")
 * @returns one line per thread, or why it could not be read (the process is gone)
 */
export function processState(pid: number | undefined): string {
  if (pid === undefined) return 'process state: no pid';
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').filter((l) => /^(State|Threads):/.test(l)).join(' ');
    const threads = readdirSync(`/proc/${pid}/task`).map((t) => {
      const read = (f: string) => {
        try {
          return readFileSync(`/proc/${pid}/task/${t}/${f}`, 'utf8').trim().split(' ')[0];
        } catch {
          return '?';
        }
      };
      return `  thread ${t} ${read('comm')}: wchan=${read('wchan')} syscall=${read('syscall')}`;
    });
    return `process ${pid}: ${status}\n${threads.join('\n')}`;
  } catch (err) {
    return `process ${pid}: ${(err as Error).message}`;
  }
}
