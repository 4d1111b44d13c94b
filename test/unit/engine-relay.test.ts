/**
 * The desktop's engine process plumbing without Electron: EngineRelay (main side) against a fake
 * utilityProcess, and runEngineHost (engine side) against a fake parent port and a fake engine —
 * request/response relay, event forwarding, restart after a crash with the servers that were
 * listening, giving up after too many crashes, clean shutdown, and the OS-keychain key handover.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES } from '../../shared/api';
import { engineOptions, runEngineHost, type HostedEngine } from '../../electron/engine/host';
import type { HostMessage, HostRequest } from '../../electron/engine/host-protocol';
import { SecretStore } from '../../electron/engine/secrets';
import { EngineRelay, type UtilityProcessLike } from '../../electron/main/engine-relay';

/** A fake utility process: records what main posts, lets the test answer as the engine. */
class FakeChild extends EventEmitter implements UtilityProcessLike {
  posted: HostRequest[] = [];
  killed = false;
  postMessage(m: HostRequest): void {
    this.posted.push(m);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  say(m: HostMessage): void {
    this.emit('message', m);
  }
  requests() {
    return this.posted.filter((m): m is Extract<HostRequest, { type: 'request' }> => m.type === 'request');
  }
}

function relayWith(opts: Partial<ConstructorParameters<typeof EngineRelay>[0]> = {}) {
  const children: FakeChild[] = [];
  const relay = new EngineRelay({
    fork: () => {
      const c = new FakeChild();
      children.push(c);
      return c;
    },
    init: { dataDir: '/data', secretKey: 'k' },
    backoffMs: () => 1,
    ...opts,
  });
  return { relay, children };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('EngineRelay', () => {
  it('has one handler per contract request, queues until ready, relays results and errors', async () => {
    const { relay, children } = relayWith();
    expect(Object.keys(relay.handlers).sort()).toEqual([...REQUEST_NAMES].sort());
    const started = relay.start();
    const child = children[0]!;
    expect(child.posted[0]).toEqual({ type: 'init', init: { dataDir: '/data', secretKey: 'k' } });
    const info = relay.handlers.getInfo({});
    expect(child.requests()).toHaveLength(0); // not ready yet
    child.say({ type: 'ready', pid: 1 });
    await started;
    const [req] = child.requests();
    expect(req).toMatchObject({ name: 'getInfo', args: {} });
    child.say({ type: 'response', id: req!.id, result: { version: '9' } });
    await expect(info).resolves.toEqual({ version: '9' });
    const start = relay.handlers.startServer({ kind: 'http' });
    const id = child.requests()[1]!.id;
    child.say({ type: 'response', id, error: { code: 'EACCES', message: 'Port 80 needs admin rights', fix: 'use 8080' } });
    await expect(start).rejects.toMatchObject({ code: 'EACCES', message: 'Port 80 needs admin rights', fix: 'use 8080' });
  });

  it('forwards engine events and reports its own state as `engine` events', async () => {
    const { relay, children } = relayWith();
    const seen: Array<[string, unknown]> = [];
    relay.onEvent((e, p) => seen.push([e, p]));
    const started = relay.start();
    children[0]!.say({ type: 'ready', pid: 1 });
    await started;
    children[0]!.say({ type: 'event', event: 'phone', payload: { mac: 'x' } });
    expect(seen.map(([e]) => e)).toEqual(['engine', 'phone']);
    expect(seen[0]![1]).toMatchObject({ state: 'running', restarts: 0 });
  });

  it('after a crash: fails pending requests, says restarting, restarts with the listening servers, then running', async () => {
    const { relay, children } = relayWith();
    const states: unknown[] = [];
    relay.onEvent((e, p) => e === 'engine' && states.push(p));
    const started = relay.start();
    const first = children[0]!;
    first.say({ type: 'ready', pid: 1 });
    await started;
    first.say({ type: 'event', event: 'server', payload: { kind: 'http', state: 'listening' } });
    first.say({ type: 'event', event: 'server', payload: { kind: 'tftp', state: 'listening' } });
    first.say({ type: 'event', event: 'server', payload: { kind: 'tftp', state: 'stopped' } });
    const pending = relay.handlers.listPhones({});
    first.emit('exit', 139);
    await expect(pending).rejects.toMatchObject({ code: 'ENGINE_RESTARTING', message: expect.stringMatching(/exit code 139/) });
    expect(relay.status()).toMatchObject({ state: 'restarting', restarts: 1 });
    const during = relay.handlers.getInfo({}); // queued for the new process
    await tick();
    const second = children[1]!;
    expect(second.posted[0]).toEqual({ type: 'init', init: { dataDir: '/data', secretKey: 'k', restartServers: ['http'] } });
    second.say({ type: 'ready', pid: 2 });
    const req = second.requests()[0]!;
    second.say({ type: 'response', id: req.id, result: 'ok' });
    await expect(during).resolves.toBe('ok');
    expect(states.map((s) => (s as { state: string }).state)).toEqual(['running', 'restarting', 'running']);
    // messages from the dead process are ignored
    first.say({ type: 'response', id: req.id, result: 'stale' });
  });

  it('gives up after too many crashes in the window and says so', async () => {
    let now = 0;
    const { relay, children } = relayWith({ maxRestarts: 2, windowMs: 60_000, now: () => now });
    const started = relay.start();
    children[0]!.say({ type: 'ready', pid: 1 });
    await started;
    for (let i = 0; i < 3; i++) {
      now += 1000;
      children.at(-1)!.emit('exit', 1);
      await tick();
      if (i < 2) children.at(-1)!.say({ type: 'ready', pid: 2 + i });
    }
    expect(children).toHaveLength(3);
    expect(relay.status()).toMatchObject({ state: 'failed', message: expect.stringMatching(/gave up/) });
    await expect(relay.handlers.getInfo({})).rejects.toMatchObject({ code: 'ENGINE_FAILED' });
  });

  it('start rejects with the engine error when it cannot start at all', async () => {
    const { relay, children } = relayWith();
    const started = relay.start();
    children[0]!.say({ type: 'init-failed', error: { code: 'EACCES', message: 'cannot create /data', fix: 'pick another folder' } });
    await expect(started).rejects.toMatchObject({ code: 'EACCES', fix: 'pick another folder' });
    expect(children[0]!.killed).toBe(true);
  });

  it('close sends shutdown and waits for closed; kills after the timeout', async () => {
    const a = relayWith();
    const s = a.relay.start();
    a.children[0]!.say({ type: 'ready', pid: 1 });
    await s;
    const closing = a.relay.close();
    expect(a.children[0]!.posted.at(-1)).toEqual({ type: 'shutdown' });
    a.children[0]!.say({ type: 'closed' });
    await closing;
    expect(a.children[0]!.killed).toBe(false);
    a.children[0]!.emit('exit', 0);
    await tick();
    expect(a.children).toHaveLength(1); // no restart after a requested exit
    const b = relayWith({ closeTimeoutMs: 10 });
    const s2 = b.relay.start();
    b.children[0]!.say({ type: 'ready', pid: 1 });
    await s2;
    await b.relay.close();
    expect(b.children[0]!.killed).toBe(true);
  });
});

describe('runEngineHost', () => {
  function host(create?: (o: unknown) => Promise<HostedEngine>) {
    const port = new EventEmitter() as EventEmitter & { postMessage(m: HostMessage): void; out: HostMessage[] };
    port.out = [];
    port.postMessage = (m) => void port.out.push(m);
    const bus = new EventEmitter();
    const engine: HostedEngine = {
      handlers: { getInfo: vi.fn(async () => ({ version: '1' })), startServer: vi.fn(async ({ kind }: { kind: string }) => ({ kind, state: 'listening' })) } as never,
      onEvent: (l) => {
        bus.on('e', l);
        return () => bus.off('e', l);
      },
      startEnabledServers: vi.fn(async () => []),
      servers: { http: { start: vi.fn(async () => ({})) }, ftp: { start: vi.fn(async () => ({})) } },
      close: vi.fn(async () => {}),
    };
    const exit = vi.fn();
    const made = vi.fn(create ?? (async () => engine));
    runEngineHost(port, made as never, exit);
    const send = (data: unknown) => port.emit('message', { data });
    return { port, engine, bus, exit, made, send };
  }

  it('init creates a desktop engine, reports ready, restarts the named servers, then the enabled ones', async () => {
    const h = host();
    h.send({ type: 'init', init: { dataDir: '/d', restartServers: ['http'] } });
    await vi.waitFor(() => expect(h.engine.startEnabledServers).toHaveBeenCalled());
    expect(h.made.mock.calls[0]![0]).toMatchObject({ dataDir: '/d', mode: 'desktop' });
    expect(h.port.out[0]).toMatchObject({ type: 'ready' });
    expect(h.engine.servers.http!.start).toHaveBeenCalled();
    expect(h.engine.servers.ftp!.start).not.toHaveBeenCalled();
  });

  it('answers requests (validated) and maps errors; forwards events; ignores junk', async () => {
    const h = host();
    h.send({ type: 'init', init: { dataDir: '/d' } });
    h.send({ type: 'request', id: 1, name: 'getInfo', args: {} });
    h.send({ type: 'request', id: 2, name: 'startServer', args: { kind: 'gopher' } });
    h.send({ type: 'request', id: 3, name: 'rm -rf', args: {} });
    h.send('junk');
    h.send({ type: 'request', id: 'x' });
    await vi.waitFor(() => expect(h.port.out.filter((m) => m.type === 'response')).toHaveLength(3));
    const byId = Object.fromEntries(h.port.out.filter((m) => m.type === 'response').map((m) => [(m as { id: number }).id, m]));
    expect(byId[1]).toEqual({ type: 'response', id: 1, result: { version: '1' } });
    expect(byId[2]).toMatchObject({ error: { code: 'INVALID_ARGS' } });
    expect(byId[3]).toMatchObject({ error: { code: 'UNKNOWN_REQUEST' } });
    h.bus.emit('e', 'server', { kind: 'http' });
    expect(h.port.out.at(-1)).toEqual({ type: 'event', event: 'server', payload: { kind: 'http' } });
  });

  it('reports init-failed with the engine error; shutdown closes and exits 0', async () => {
    const bad = host(async () => {
      throw Object.assign(new Error('settings.json is corrupt'), { code: 'ECONF', fix: 'move it away' });
    });
    bad.send({ type: 'init', init: { dataDir: '/d' } });
    await vi.waitFor(() => expect(bad.port.out[0]).toEqual({ type: 'init-failed', error: { code: 'ECONF', message: 'settings.json is corrupt', fix: 'move it away' } }));
    const h = host();
    h.send({ type: 'init', init: { dataDir: '/d' } });
    h.send({ type: 'shutdown' });
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(0));
    expect(h.engine.close).toHaveBeenCalled();
    expect(h.port.out.at(-1)).toEqual({ type: 'closed' });
  });

  it('the OS-keychain key becomes an `os` cipher: sealed here, opened by a new process with the same key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const a = new SecretStore(engineOptions({ dataDir: '/d', secretKey: key }).secretCipher!);
    const sealed = a.seal('admin-456');
    expect(sealed).toMatch(/^v1:os:/);
    expect(new SecretStore(engineOptions({ dataDir: '/d', secretKey: key }).secretCipher!).open(sealed)).toBe('admin-456');
    expect(engineOptions({ dataDir: '/d' }).secretCipher).toBeUndefined();
    expect(() => engineOptions({ dataDir: '/d', secretKey: 'c2hvcnQ=' })).toThrow(/not 32/);
  });
});
