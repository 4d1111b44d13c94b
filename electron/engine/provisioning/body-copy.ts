/**
 * Copy an HTTP request's body into a file stream: what `stream/promises` `pipeline` does for one
 * source and one destination, without its per-call AbortController — Node 20's pipeline aborts
 * that controller at every end, building a `DOMException` with a stack trace each time, which a
 * burst of phone log uploads (two per phone) paid for on the main thread.
 */
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';

/**
 * @param req the request (its body is read to the end)
 * @param out the destination; destroyed when the copy fails
 * @returns resolves once `out` finished and closed (every byte is in the file, the file is
 *   closed); rejects with the first error of either side, or `Error('aborted')` when the client
 *   closed the connection before the end of the body
 */
export function copyBody(req: IncomingMessage, out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(out);
      out.destroy();
      reject(err);
    };
    req.once('error', fail);
    out.once('error', fail);
    req.once('close', () => {
      if (!req.complete) fail(new Error('aborted'));
    });
    out.once('finish', () => {
      const done = () => {
        if (settled) return;
        settled = true;
        resolve();
      };
      if (out.closed) done();
      else out.once('close', done);
    });
    req.pipe(out);
  });
}
