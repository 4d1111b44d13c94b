/**
 * A stream piped into an HTTP response (http-common.ts `cutOnSourceError`, `onResponseClosed`), with
 * Node's own client: a source that fails is the server's failure (500, its cause, one error logged);
 * a client that leaves makes `pipeline` fail the source too (`ERR_STREAM_PREMATURE_CLOSE`), and that
 * stays the client leaving (499, no error logged).
 */
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../electron/engine/logger';
import { CLIENT_LEFT, cutOnSourceError, onResponseClosed } from '../../electron/engine/provisioning/http-common';
import type { RequestRecord } from '../../electron/engine/provisioning/request-log';
import { waitFor } from '../helpers/netns';

let server: Server | undefined;
afterEach(() => server?.close());

/** Serve one endless slow stream; `fail` destroys the source with a read error once asked. */
async function serveStream() {
  const logged: LogRecord[] = [];
  const logger = createLogger('test', (r) => logged.push(r), 'debug');
  const outcomes: Array<{ whole: boolean; status: number; error?: string }> = [];
  let src: Readable | undefined;
  server = createServer((req, res) => {
    const rec = { path: req.url ?? '/', client: '127.0.0.1' } as RequestRecord;
    onResponseClosed(res, (o) => outcomes.push(o));
    res.writeHead(200, { 'Content-Length': 1 << 30 });
    src = new Readable({ read() { setImmediate(() => this.push(Buffer.alloc(16 * 1024, 1))); } });
    cutOnSourceError(src, res, rec, logger);
    void pipeline(src, res).catch(() => {});
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/image.ld`;
  return { logged, outcomes, url, source: () => src };
}

describe('a stream cut short', () => {
  it('the client leaving stays the client leaving: 499, nothing logged as an error', async () => {
    const s = await serveStream();
    await new Promise<void>((resolve, reject) => get(s.url, (r) => r.once('data', () => (r.destroy(), resolve()))).on('error', reject));
    await waitFor('the response to close', () => s.outcomes.length === 1);
    await waitFor('pipeline to fail the source', () => s.source()!.destroyed);
    expect(s.outcomes[0]).toEqual({ whole: false, status: 499, error: CLIENT_LEFT });
    expect(s.logged.filter((r) => r.level === 'error')).toEqual([]);
  });

  it('a source that fails is the server\'s: 500 with its cause, logged once', async () => {
    const s = await serveStream();
    const got = new Promise<void>((resolve) =>
      get(s.url, (r) => {
        r.once('data', () => s.source()!.destroy(new Error('read failed: EIO')));
        r.on('error', () => resolve());
        r.on('close', () => resolve());
      }),
    );
    await got;
    await waitFor('the response to close', () => s.outcomes.length === 1);
    expect(s.outcomes[0]).toEqual({ whole: false, status: 500, error: 'transfer interrupted: read failed: EIO' });
    expect(s.logged.filter((r) => r.level === 'error').map((r) => r.message)).toEqual(['HTTP /image.ld to 127.0.0.1: read failed: EIO']);
  });
});
