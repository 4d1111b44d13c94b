/**
 * The desktop's engine process for real, minus Electron: EngineRelay forks the real
 * host-entry.ts in a Node child (child_process.fork with a `process.parentPort` shim standing in
 * for utilityProcess), starts the HTTP server through the relay, fetches a file, then the engine
 * process is killed (SIGKILL): the relay says `restarting`, forks a new one, and the HTTP server
 * and the saved settings come back without the window doing anything. Loopback only.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineProcessStatus } from '../../shared/api-desktop';
import type { ServerStatus } from '../../shared/dto';
import { EngineRelay, type UtilityProcessLike } from '../../electron/main/engine-relay';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shim = fileURLToPath(new URL('./fixtures/parent-port-shim.ts', import.meta.url));
const children: ChildProcess[] = [];

/** child_process.fork dressed as a UtilityProcess. */
function nodeFork(): UtilityProcessLike {
  const child = fork(shim, [], { execArgv: ['--import', 'tsx'], cwd: repo, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  return {
    postMessage: (m) => void child.send(m),
    on: ((event: 'message' | 'exit', listener: (arg: unknown) => void) => {
      if (event === 'message') child.on('message', (m) => listener(m));
      else child.on('exit', (code, signal) => listener(code ?? (signal === 'SIGKILL' ? 137 : 1)));
      return child;
    }) as UtilityProcessLike['on'],
    kill: () => child.kill(),
  };
}

describe('engine process (relay + real host)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pk9-engine-'));
  // Servers off at start (as root the defaults would take ports 21/69 on loopback from other tests);
  // the settings migration fills in the rest of each block.
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ http: { enabled: false, bind: '127.0.0.1', port: 0 }, ftp: { enabled: false }, tftp: { enabled: false } }));
  const relay = new EngineRelay({ fork: nodeFork, init: { dataDir }, backoffMs: () => 50 });
  const states: EngineProcessStatus[] = [];
  relay.onEvent((e, p) => e === 'engine' && states.push(p as EngineProcessStatus));

  afterAll(async () => {
    await relay.close();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function httpStatus(): Promise<ServerStatus> {
    for (let i = 0; i < 100; i++) {
      const s = (await relay.handlers.listServers({})).find((x) => x.kind === 'http')!;
      if (s.state === 'listening') return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('HTTP server did not come back');
  }

  it('serves requests from the engine process and restarts it after a crash without losing state', async () => {
    await relay.start();
    const info = await relay.handlers.getInfo({});
    expect(info).toMatchObject({ mode: 'desktop', dataDir });
    writeFileSync(join(info.provisioningRoot, 'smoke.cfg'), 'hello phone\n');
    expect((await relay.handlers.listServers({})).map((x) => x.state)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    await relay.handlers.configureServer({ kind: 'http', bind: '127.0.0.1', port: 0 });
    const started = await relay.handlers.startServer({ kind: 'http' });
    expect(started.state, JSON.stringify(started.error)).toBe('listening');
    expect(await (await fetch(`http://127.0.0.1:${started.boundPort}/smoke.cfg`)).text()).toBe('hello phone\n');

    const first = children[0]!;
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const back = await httpStatus();
    expect(children).toHaveLength(2);
    expect(states.map((s) => s.state)).toEqual(['running', 'restarting', 'running']);
    expect(states[1]!.message).toMatch(/exit code 137/);
    // settings survived (bind/port saved by configureServer), the file is served again
    expect(back.bind).toBe('127.0.0.1');
    expect(back.port).toBe(0);
    // only the server that was listening came back
    expect((await relay.handlers.listServers({})).filter((x) => x.state === 'listening').map((x) => x.kind)).toEqual(['http']);
    expect(await (await fetch(`http://127.0.0.1:${back.boundPort}/smoke.cfg`)).text()).toBe('hello phone\n');

    await relay.close();
    await new Promise((r) => (children[1]!.exitCode !== null ? r(null) : children[1]!.once('exit', r)));
    expect(children[1]!.exitCode).toBe(0);
  }, 60_000);
});
