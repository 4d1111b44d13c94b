/**
 * The HTTP front keeps the main thread's queue short (http-front-proxy.ts): at most `workingMax`
 * GET/HEAD requests are in the main thread's hands (sent, no status line back yet); the others wait
 * in the front and all are answered; a long answer does not keep its place once its status line
 * came; a held request the front can answer itself by the time its place comes is not sent; an
 * upload is never held back; a held request whose client left is never sent. The upstream
 * is a plain Node server on loopback that answers when the test says so.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrontProxy } from '../../electron/engine/provisioning/http-front-proxy';
import { httpCall } from '../helpers/http-call';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(s: Server): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/** Upstream that holds every request until `answer(path)`; `open` = requests received, not answered. */
async function heldUpstream() {
  const open = new Map<string, ServerResponse>();
  const seen: string[] = [];
  const s = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => open.set(req.url!, res));
  });
  const port = await listen(s);
  return {
    port,
    seen,
    open,
    answer(path: string, body = `ok ${path}`) {
      const res = open.get(path)!;
      open.delete(path);
      res.end(body);
    },
  };
}

async function front(upPort: number, workingMax: number, answeredHere: (path: string) => boolean = () => false) {
  const proxy = new FrontProxy({ port: upPort, token: 't' }, workingMax);
  /** Paths whose client connection closed, as the front saw it. */
  const closed: string[] = [];
  const s = createServer((req, res) => {
    res.on('close', () => closed.push(req.url!));
    const instead = () => answeredHere(req.url!) && (res.writeHead(404).end('here'), true);
    proxy.forward(req, res, '127.0.0.1', () => res.writeHead(502).end(), undefined, instead);
  });
  return { port: await listen(s), proxy, closed };
}

const call = httpCall;

describe('front → main thread: requests held in the front', () => {
  it('at most workingMax GETs are in the main thread\u2019s hands; the rest wait and are all answered in order', async () => {
    const up = await heldUpstream();
    const f = await front(up.port, 2);
    const calls = [1, 2, 3, 4, 5].map((i) => call(f.port, 'GET', `/f${i}`).done);
    await expect.poll(() => up.open.size).toBe(2);
    await expect.poll(() => f.proxy.waiting).toBe(3);
    expect(up.seen).toEqual(['GET /f1', 'GET /f2']);
    up.answer('/f1');
    await expect.poll(() => up.seen.length).toBe(3);
    expect(up.seen[2]).toBe('GET /f3');
    for (const p of ['/f2', '/f3']) up.answer(p);
    await expect.poll(() => up.open.size).toBe(2);
    for (const p of ['/f4', '/f5']) up.answer(p);
    expect((await Promise.all(calls)).map((r) => r.text)).toEqual(['ok /f1', 'ok /f2', 'ok /f3', 'ok /f4', 'ok /f5']);
    expect(f.proxy.waiting).toBe(0);
    f.proxy.close();
  });

  it('a held GET the front can answer by the time its place comes is answered there, not sent', async () => {
    const up = await heldUpstream();
    const here = new Set<string>();
    const f = await front(up.port, 1, (p) => here.has(p));
    const calls = ['/a', '/b', '/c'].map((p) => call(f.port, 'GET', p).done);
    await expect.poll(() => f.proxy.waiting).toBe(2);
    here.add('/b'); // e.g. the main thread's answer to /a says /b is absent too
    up.answer('/a');
    await expect.poll(() => up.seen.length).toBe(2);
    expect(up.seen).toEqual(['GET /a', 'GET /c']);
    up.answer('/c');
    expect((await Promise.all(calls)).map((r) => `${r.status} ${r.text}`)).toEqual(['200 ok /a', '404 here', '200 ok /c']);
    f.proxy.close();
  });

  it('an answer still streaming does not keep its place once its status line came', async () => {
    const up = await heldUpstream();
    const f = await front(up.port, 1);
    const first = call(f.port, 'GET', '/big');
    await expect.poll(() => up.open.size).toBe(1);
    const res = up.open.get('/big')!;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.write('part one');
    const second = call(f.port, 'GET', '/small');
    await expect.poll(() => up.seen).toContain('GET /small');
    up.answer('/small');
    expect((await second.done).text).toBe('ok /small');
    up.answer('/big', ' and the rest');
    expect((await first.done).text).toBe('part one and the rest');
    f.proxy.close();
  });

  it('an upload is never held back, and a held GET whose client left is never sent', async () => {
    const up = await heldUpstream();
    const f = await front(up.port, 1);
    const first = call(f.port, 'GET', '/a');
    await expect.poll(() => up.open.size).toBe(1);
    const gone = call(f.port, 'GET', '/gone');
    gone.done.catch(() => {});
    await expect.poll(() => f.proxy.waiting).toBe(1);
    const put = call(f.port, 'PUT', '/0004f2000001-app.log', 'log line\n');
    await expect.poll(() => up.seen).toContain('PUT /0004f2000001-app.log');
    up.answer('/0004f2000001-app.log');
    expect((await put.done).status).toBe(200);
    gone.req.destroy();
    // The front sees the client leave, then the place frees up: the request that left is skipped.
    await expect.poll(() => f.closed).toContain('/gone');
    const after = call(f.port, 'GET', '/b');
    up.answer('/a');
    await first.done;
    await expect.poll(() => up.seen).toContain('GET /b');
    up.answer('/b');
    await after.done;
    expect(up.seen).not.toContain('GET /gone');
    f.proxy.close();
  });
});
