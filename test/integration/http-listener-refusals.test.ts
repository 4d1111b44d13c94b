// Connections the HTTP listener closes or refuses on purpose are logged with the reason and the
// client's address (a phone that fails must have its cause in the engine log). Real sockets on
// loopback; the waits poll on state (bytes received, socket closed, log lines), never a fixed time.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../electron/engine/logger';
import { ConnectionNotices } from '../../electron/engine/provisioning/connection-notices';
import { descriptorBudget, openFileLimit, OTHER_DESCRIPTORS, UPSTREAM_SOCKETS } from '../../electron/engine/provisioning/connection-limits';
import { closeHttp, listenHttp, type HttpListener, type ListenLimits } from '../../electron/engine/provisioning/http-listener';

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let listener: HttpListener | undefined;
const clients: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  if (listener) await closeHttp(listener);
  listener = undefined;
});

/** A listener answering 200 to every request, with its log lines at warn level and above kept. */
async function start(limits: ListenLimits) {
  const lines: LogRecord[] = [];
  const logger = createLogger('test', (r) => lines.push(r), 'debug');
  listener = await listenHttp('127.0.0.1', 0, (_req, res) => res.end('ok\n'), logger, undefined, undefined, limits);
  return { port: listener.port, lines, warned: () => lines.filter((l) => l.level === 'warn').map((l) => l.message) };
}

/** A raw client: what it received, and whether the server closed it. */
function client(port: number, send?: string) {
  const c = connect(port, '127.0.0.1');
  clients.push(c);
  const st = { data: '', closed: false, port: 0 };
  c.on('connect', () => {
    st.port = c.localPort ?? 0;
    if (send) c.write(send);
  });
  c.on('data', (d) => (st.data += d.toString('latin1')));
  c.on('close', () => (st.closed = true));
  c.on('error', () => {});
  return st;
}

describe('HTTP listener: closed and refused connections are logged with reason and client', () => {
  it('a client that sends part of its headers and stalls past headersTimeout gets 408 and a log line', async () => {
    const { port, warned } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 1000, checkIntervalMs: 50, maxConnections: null });
    const c = client(port, 'GET /0004f2aabbcc.cfg HTTP/1.1\r\nHost: x\r\nUser-Agent: stalled'); // no end of headers
    await until('the server to close the stalled connection', () => c.closed);
    expect(c.data).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    await until('the log line', () => warned().length > 0);
    expect(warned()).toEqual(['HTTP: closed a connection whose request did not arrive in time (headers within 0.3 s, the whole request within 1 s); answered 408 (client 127.0.0.1)']);
  });

  it('a connection above maxConnections is refused and logged; the ones within the limit are served', async () => {
    const { port, warned } = await start({ maxConnections: 1 });
    const first = client(port);
    await until('the first connection to be accepted', () => listener!.sockets.size === 1);
    const second = client(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await until('the second connection to be closed', () => second.closed);
    expect(second.data).toBe('');
    await until('the log line', () => warned().length > 0);
    expect(warned()[0]).toMatch(/^HTTP: refused a connection: 1 connections are open, the most this listener takes.* \(client 127\.0\.0\.1\)$/);
    expect(first.closed).toBe(false);
  });

  it('a malformed request is answered 400 and logged; a client that resets its own connection is not a warning', async () => {
    const { port, warned, lines } = await start({ maxConnections: null });
    const bad = client(port, 'NOT HTTP AT ALL\r\n\r\n');
    await until('the 400', () => bad.closed);
    expect(bad.data).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(warned()).toHaveLength(1);
    expect(warned()[0]).toMatch(/^HTTP: refused a malformed request \(HPE_[A-Z_]+\); answered 400 \(client 127\.0\.0\.1\)$/);
    const rude = connect(port, '127.0.0.1');
    clients.push(rude);
    rude.on('error', () => {});
    await new Promise<void>((r) => rude.on('connect', () => r()));
    await until('the connection to be accepted', () => listener!.sockets.size >= 1);
    rude.resetAndDestroy();
    await until('the reset to be seen', () => listener!.sockets.size === 0);
    expect(warned()).toHaveLength(1);
    expect(lines.some((l) => l.level === 'error')).toBe(false);
  });
});

describe('ConnectionNotices', () => {
  it('logs the first of a reason at once and the repeats as one summary with their addresses', () => {
    const lines: string[] = [];
    const n = new ConnectionNotices(createLogger('t', (r) => lines.push(r.message), 'debug'), 60_000);
    n.note('HTTP: refused a connection', '10.0.0.5');
    n.note('HTTP: refused a connection', '10.0.0.5');
    n.note('HTTP: refused a connection', '10.0.0.6');
    n.note('HTTP: refused a connection', '10.0.0.5');
    expect(lines).toEqual(['HTTP: refused a connection (client 10.0.0.5)']);
    n.flush();
    expect(lines[1]).toBe('HTTP: refused a connection: 3 more in the last 60 s (10.0.0.5 ×2, 10.0.0.6 ×1)');
    n.flush(); // nothing counted since: the next one is logged at once again
    n.note('HTTP: refused a connection', '10.0.0.7');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('HTTP: refused a connection (client 10.0.0.7)');
    n.flush();
  });

  it('the connection limit leaves room for the front\'s upstream sockets and other files', () => {
    expect(openFileLimit('Limit  Soft Limit  Hard Limit  Units\nMax open files            20000                20000                files     \n')).toBe(20000);
    expect(openFileLimit('Max open files            unlimited            unlimited            files\n')).toBeUndefined();
    expect(descriptorBudget(20000)).toEqual({ connections: 20000 - 2 * UPSTREAM_SOCKETS - OTHER_DESCRIPTORS, upstream: UPSTREAM_SOCKETS });
    // A small limit: the shares shrink, and everything still fits in it.
    for (const limit of [600, 1024, 4096]) {
      const b = descriptorBudget(limit)!;
      expect(b.connections + 2 * b.upstream).toBeLessThan(limit);
      expect(b.connections).toBeGreaterThanOrEqual(limit / 2);
    }
    expect(descriptorBudget(undefined)).toBeUndefined();
  });
});
