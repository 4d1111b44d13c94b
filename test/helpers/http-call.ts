/**
 * Test helper: one HTTP request on a fresh connection (no agent) to 127.0.0.1, its body read as text.
 */
import { request, type ClientRequest } from 'node:http';

/**
 * @param port the server's port on 127.0.0.1
 * @param method HTTP method
 * @param path request path
 * @param body request body, if any
 * @returns the request (to abort it) and a promise of the status and body text; rejects on a socket error
 */
export function httpCall(port: number, method: string, path: string, body?: string): { req: ClientRequest; done: Promise<{ status: number; text: string }> } {
  let req!: ClientRequest;
  const done = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
  return { req, done };
}
