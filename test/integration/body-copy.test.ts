/**
 * copyBody (body-copy.ts) against real HTTP connections on loopback: a whole body lands in the
 * file and the promise resolves once the file is closed; a client that hangs up mid-body, a
 * request destroyed for going over a limit and a failing destination each reject, and the
 * destination is destroyed.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyBody } from '../../electron/engine/provisioning/body-copy';

let dir: string;
let server: Server | undefined;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'body-copy-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A server that copies each request body with `make(req)` as destination; @returns port and the outcomes. */
async function serve(make: (req: IncomingMessage) => Writable) {
  const outcomes: Array<{ ok: boolean; error?: string; out: Writable }> = [];
  server = createServer((req, res) => {
    const out = make(req);
    copyBody(req, out).then(
      () => (outcomes.push({ ok: true, out }), res.end('stored\n')),
      (err: Error) => (outcomes.push({ ok: false, error: err.message, out }), res.destroyed || res.writeHead(400).end()),
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, outcomes };
}

/**
 * Send raw bytes on a new connection; `hangUp` destroys it right after them, else it stays open
 * until the server closes it (the requests say `Connection: close`).
 */
function raw(port: number, text: string, hangUp = false): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write(text, () => hangUp && setImmediate(() => s.destroy())));
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
  });
}

describe('copyBody', () => {
  it('writes the whole body and resolves once the file is closed', async () => {
    const file = join(dir, 'whole.log');
    const { port, outcomes } = await serve(() => createWriteStream(file));
    const body = 'x'.repeat(200_000);
    const reply = await raw(port, `PUT /a HTTP/1.1\r\nHost: t\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(reply).toContain('stored');
    expect(outcomes[0]).toMatchObject({ ok: true });
    expect(outcomes[0]!.out.closed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(body);
  });

  it('rejects with "aborted" when the client hangs up before the end of the body, and destroys the file stream', async () => {
    const { port, outcomes } = await serve(() => createWriteStream(join(dir, 'cut.log')));
    await raw(port, 'PUT /a HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\nonly this much', true);
    await expect.poll(() => outcomes.length, { timeout: 10_000 }).toBe(1);
    expect(outcomes[0]).toMatchObject({ ok: false, error: 'aborted' });
    expect(outcomes[0]!.out.destroyed).toBe(true);
  });

  it('rejects with the reason a request was destroyed for (an upload over the limit)', async () => {
    const { port, outcomes } = await serve((req) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length) > 1000 && req.destroy(new Error('upload over the 1000-byte limit')));
      return createWriteStream(join(dir, 'big.log'));
    });
    await raw(port, `PUT /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n${(5000).toString(16)}\r\n${'y'.repeat(5000)}\r\n0\r\n\r\n`);
    await expect.poll(() => outcomes.length, { timeout: 10_000 }).toBe(1);
    expect(outcomes[0]).toMatchObject({ ok: false, error: 'upload over the 1000-byte limit' });
  });

  it('rejects with the destination\u2019s error (disk full)', async () => {
    const failing = () => new Writable({ write: (_c, _e, cb) => cb(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) });
    const { port, outcomes } = await serve(failing);
    await raw(port, 'PUT /a HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    await expect.poll(() => outcomes.length, { timeout: 10_000 }).toBe(1);
    expect(outcomes[0]).toMatchObject({ ok: false, error: 'ENOSPC: no space left on device' });
    expect(outcomes[0]!.out.destroyed).toBe(true);
  });
});
