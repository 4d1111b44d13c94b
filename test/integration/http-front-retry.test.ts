/**
 * The HTTP front's way to the main thread (http-front-proxy.ts) when a kept-alive connection
 * breaks: a GET or HEAD is sent once more on a new connection, so the phone gets its file and no
 * 502 from ProvKit's own plumbing; an upload is never repeated. The upstream here is a plain Node
 * server that drops the first request's connection without answering, as a server does when it
 * closes an idle kept-alive connection at the moment it is reused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrontProxy } from '../../electron/engine/provisioning/http-front-proxy';
import { httpCall } from '../helpers/http-call';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(s: Server): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/** Upstream that hangs up on the first `drops` requests, then answers 200 "ok <method>". */
async function flakyUpstream(drops: number) {
  let seen = 0;
  const s = createServer((req, res) => {
    seen++;
    if (seen <= drops) {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => res.end(`ok ${req.method}`));
  });
  const port = await listen(s);
  return { port, seen: () => seen };
}

async function front(upPort: number) {
  const proxy = new FrontProxy({ port: upPort, token: 't' });
  const failures: string[] = [];
  const s = createServer((req, res) =>
    proxy.forward(req, res, '127.0.0.1', (e) => {
      failures.push(e);
      res.writeHead(502).end();
    }),
  );
  const port = await listen(s);
  return { port, proxy, failures };
}

/** The phone's request for its configuration (or an upload with `body`), through the front. */
const call = (port: number, method: string, body?: string) => httpCall(port, method, '/0004f2000001-provkit.cfg', body).done;

describe('front → main thread retry', () => {
  it('a GET whose connection breaks before any answer is sent again and answered', async () => {
    const up = await flakyUpstream(1);
    const f = await front(up.port);
    const r = await call(f.port, 'GET');
    expect(r).toEqual({ status: 200, text: 'ok GET' });
    expect(f.proxy.retried).toBe(1);
    expect(f.failures).toEqual([]);
    expect(up.seen()).toBe(2);
    f.proxy.close();
  });

  it('a GET is retried once only: a second break is reported as the failure', async () => {
    const up = await flakyUpstream(2);
    const f = await front(up.port);
    const r = await call(f.port, 'GET');
    expect(r.status).toBe(502);
    expect(f.failures).toHaveLength(1);
    expect(f.failures[0]).toMatch(/did not answer/);
    expect(up.seen()).toBe(2);
    f.proxy.close();
  });

  it('an upload (PUT) is never repeated', async () => {
    const up = await flakyUpstream(1);
    const f = await front(up.port);
    const r = await call(f.port, 'PUT', 'log line\n');
    expect(r.status).toBe(502);
    expect(f.proxy.retried).toBe(0);
    expect(up.seen()).toBe(1);
    f.proxy.close();
  });
});
