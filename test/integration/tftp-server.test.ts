/**
 * TFTP server with real clients: tftp-hpa `tftp`, `atftp` (blksize, tsize, windowsize) and
 * `curl tftp://` (--tftp-blksize); byte-identical files including one larger than 65535 × 512
 * bytes (block-number rollover), uploads, traversal refused, netascii, the request log with the
 * options agreed — and raw clients for what real ones do not do: vanish mid-transfer (timed out,
 * logged failed), repeat ACKs (no Sorcerer's Apprentice), abort, flood garbage, exceed the limit.
 * Everything runs twice: reads of large files in worker threads (the default on 2+ CPUs, see
 * worker-pool.ts), and every transfer in the main thread (`workers: 0`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import { encodeAck, encodeError, encodeRequest, parsePacket } from '../../electron/engine/provisioning/tftp/packet';
import { TftpProvisioningServer } from '../../electron/engine/provisioning/tftp/server';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { run } from '../helpers/run';
import { RawTftpClient } from '../helpers/tftp-raw';

const MAC = '0004f2aabbcc';
/** 32 MiB + 1 KiB: 65,538 blocks of 512 bytes (more than 65535). */
const BIG = 32 * 1024 * 1024 + 1024;
let fx: ProvisioningFixture;
let server: TftpProvisioningServer;
let port: number;
let big: Buffer;
let mid: Buffer;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const noHost = (n: number) => (n > 0 ? ['127.0.0.1', String(n)] : []);

/** Wait until the log has an event matching `pred` (the server records when the transfer ends). */
async function logged(pred: (e: RequestEvent) => boolean, timeoutMs = 15000): Promise<RequestEvent> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const e = fx.log.recent(1000).find(pred);
    if (e) return e;
    if (Date.now() > end) throw new Error(`no matching event; last: ${JSON.stringify(fx.log.recent(3))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ['worker threads', 2],
  ['the main thread', 0],
])('TFTP transfers in %s', (_mode, workers) => {
  beforeAll(async () => {
    fx = await provisioningFixture([]);
    big = randomBytes(BIG);
    mid = randomBytes(3 * 1024 * 1024 + 77);
    await writeFile(join(fx.root, 'big.ld'), big);
    await writeFile(join(fx.root, 'sip.ld'), mid);
    await writeFile(join(fx.root, 'notes.txt'), 'line one\nline two\r\nbare\rcr\n');
    await writeFile(join(fx.outside, 'secret.txt'), 'TOP-SECRET-OUTSIDE-ROOT');
    await symlink(join(fx.outside, 'secret.txt'), join(fx.root, 'link-out.cfg'));
    server = new TftpProvisioningServer(fx.resolver, fx.log, fx.logger, () => undefined);
    port = await server.start({ bind: '127.0.0.1', port: 0, maxTransfers: 32, workers });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await rm(fx.dir, { recursive: true, force: true });
  });

  describe('TFTP server with real clients', () => {
    it('tftp-hpa: a file over 65535 × 512 bytes (block rollover) arrives byte-identical, logged 200', async () => {
      const out = join(fx.dir, 'hpa-big');
      await run('tftp', ['-m', 'binary', ...noHost(port), '-c', 'get', 'big.ld', out], { timeoutMs: 120_000 });
      expect(sha(await readFile(out))).toBe(sha(big));
      const ev = await logged((e) => e.path === '/big.ld' && e.method === 'RRQ');
      expect(ev).toMatchObject({ protocol: 'tftp', status: 200, ok: true, bytesSent: BIG, client: '127.0.0.1', source: 'file' });
      expect(ev.session).toMatch(/^tftp:127\.0\.0\.1:\d+$/);
      await rm(out);
    }, 150_000);

    it('atftp with blksize, tsize and windowsize (also past block 65535): byte-identical, options logged', async () => {
      const out = join(fx.dir, 'atftp-big');
      const r = await run('atftp', ['-g', '-r', 'big.ld', '-l', out, '--option', 'blksize 512', '--option', 'tsize 0', '--option', 'windowsize 8', '127.0.0.1', String(port)], { timeoutMs: 120_000 });
      expect(r.code).toBe(0);
      expect(sha(await readFile(out))).toBe(sha(big));
      const ev = await logged((e) => e.path === '/big.ld' && e.options?.windowsize === 8);
      expect(ev.options).toEqual({ blksize: 512, tsize: BIG, windowsize: 8 });
      const out2 = join(fx.dir, 'atftp-mid');
      await run('atftp', ['-g', '-r', 'sip.ld', '-l', out2, '--option', 'blksize 1428', '--option', 'tsize 0', '127.0.0.1', String(port)]);
      expect(sha(await readFile(out2))).toBe(sha(mid));
      expect((await logged((e) => e.path === '/sip.ld' && e.options?.blksize === 1428)).options).toEqual({ blksize: 1428, tsize: mid.length });
      await rm(out);
    }, 150_000);

    it('curl --tftp-blksize: byte-identical, and the rendered master config as the resolver gives it', async () => {
      const r = await run('curl', ['-sS', '--max-time', '60', '--tftp-blksize', '1428', `tftp://127.0.0.1:${port}/sip.ld`]);
      expect(r.code).toBe(0);
      expect(sha(r.stdoutBytes)).toBe(sha(mid));
      expect((await logged((e) => e.path === '/sip.ld' && e.options?.blksize === 1428 && e.options?.timeout !== undefined)).status).toBe(200);
      const want = await fx.resolver.resolve('000000000000.cfg');
      const cfg = await run('curl', ['-sS', '--max-time', '20', `tftp://127.0.0.1:${port}/000000000000.cfg`]);
      expect(want?.source).toBe('rendered');
      expect(cfg.stdoutBytes.equals((want as { content: Buffer }).content)).toBe(true);
    });

    it('netascii: tftp-hpa in ascii mode gets the text back with its own newlines', async () => {
      const out = join(fx.dir, 'notes');
      await run('tftp', ['-m', 'netascii', ...noHost(port), '-c', 'get', 'notes.txt', out]);
      // On the wire LF and CR LF became CR LF (and CR → CR NUL); tftp-hpa turns CR LF back into LF.
      expect(await readFile(out, 'latin1')).toBe('line one\nline two\nbare\rcr\n');
    });

    it('uploads phone files (tftp-hpa, curl, atftp with blksize) and refuses any other name', async () => {
      const log = join(fx.dir, 'app.log');
      const text = 'boot ok\n'.repeat(5000);
      await writeFile(log, text);
      await run('tftp', ['-m', 'binary', ...noHost(port), '-c', 'put', log, `${MAC}-app.log`]);
      await logged((e) => e.method === 'WRQ' && e.path === `/${MAC}-app.log` && e.status === 200);
      expect(await readFile(join(fx.uploadsDir, MAC, `${MAC}-app.log`), 'utf8')).toBe(text);
      const cfg = randomBytes(70_000);
      await writeFile(log, cfg);
      const c = await run('curl', ['-sS', '--max-time', '20', '-T', log, `tftp://127.0.0.1:${port}/${MAC}-phone.cfg`]);
      expect(c.code).toBe(0);
      const ev = await logged((e) => e.method === 'WRQ' && e.path === `/${MAC}-phone.cfg`);
      expect(ev).toMatchObject({ status: 200, bytesReceived: cfg.length, source: 'upload' });
      expect(ev.phone.mac).toBe(MAC);
      expect((await readFile(join(fx.uploadsDir, MAC, `${MAC}-phone.cfg`))).equals(cfg)).toBe(true);
      await run('atftp', ['-p', '-l', log, '-r', `${MAC}-web.cfg`, '--option', 'blksize 1428', '--option', 'tsize 70000', '127.0.0.1', String(port)]);
      const ev2 = await logged((e) => e.method === 'WRQ' && e.path === `/${MAC}-web.cfg`);
      expect(ev2).toMatchObject({ status: 200, bytesReceived: cfg.length, options: { blksize: 1428, tsize: 70000 } });
      expect((await readFile(join(fx.uploadsDir, MAC, `${MAC}-web.cfg`))).equals(cfg)).toBe(true);
      const evil = await run('curl', ['-sS', '--max-time', '20', '-T', log, `tftp://127.0.0.1:${port}/evil.cfg`]);
      expect(evil.code).not.toBe(0);
      const refused = await logged((e) => e.method === 'WRQ' && e.path === '/evil.cfg');
      expect(refused).toMatchObject({ status: 403, ok: false });
      expect(refused.error).toMatch(/only for phone files/);
    });

    it.each([['../outside/secret.txt'], ['sub/../../outside/secret.txt'], ['..\\outside\\secret.txt'], ['link-out.cfg'], ['/etc/passwd'], ['C:/secret.txt']])(
      'refuses %s (never leaves the root)',
      async (path) => {
        const r = await run('curl', ['-sS', '--max-time', '20', '--path-as-is', `tftp://127.0.0.1:${port}/${path}`]);
        expect(r.stdout).not.toContain('TOP-SECRET');
        expect(r.stdout).not.toContain('root:');
        expect(r.code).not.toBe(0);
        const hpa = join(fx.dir, 'trav');
        await run('tftp', ['-m', 'binary', ...noHost(port), '-c', 'get', path, hpa]);
        expect(await readFile(hpa, 'utf8').catch(() => '')).not.toContain('TOP-SECRET');
        const ev = await logged((e) => e.method === 'RRQ' && e.status >= 400 && e.time >= Date.now() - 10_000 && (e.path.includes('secret') || e.path.includes('passwd') || e.path.includes('link-out')));
        expect([403, 404]).toContain(ev.status);
      },
    );

    it('a missing file is ERROR 1 and logged 404', async () => {
      const r = await run('curl', ['-sS', '--max-time', '20', `tftp://127.0.0.1:${port}/nope.ld`]);
      expect(r.code).toBe(68); // CURLE_TFTP_NOTFOUND: curl got ERROR 1
      expect((await logged((e) => e.path === '/nope.ld')).status).toBe(404);
    });
  });

  describe('TFTP server with raw clients', () => {
    // `fast` gives up on a silent client after 150 + 300 ms (the vanishing client); `patient`
    // waits 60 s between retransmissions, so no test using it depends on how fast this machine is.
    let fast: TftpProvisioningServer;
    let fastPort: number;
    let patient: TftpProvisioningServer;
    let patientPort: number;
    beforeAll(async () => {
      fast = new TftpProvisioningServer(fx.resolver, fx.log, fx.logger, () => undefined);
      fastPort = await fast.start({ bind: '127.0.0.1', port: 0, maxTransfers: 2, retransmitMs: 150, maxRetries: 2, workers });
      patient = new TftpProvisioningServer(fx.resolver, fx.log, fx.logger, () => undefined);
      patientPort = await patient.start({ bind: '127.0.0.1', port: 0, maxTransfers: 2, retransmitMs: 60_000, maxRetries: 2, workers });
    });
    afterAll(async () => {
      await fast?.stop();
      await patient?.stop();
    });

    it('a client that vanishes mid-transfer is retried with back-off, timed out and logged failed (408)', async () => {
      const c = await RawTftpClient.open();
      c.send(fastPort, encodeRequest('RRQ', 'sip.ld', 'octet'));
      const d1 = await c.next();
      expect(parsePacket(d1!.msg)).toMatchObject({ op: 'DATA', block: 1 });
      c.send(d1!.from.port, encodeAck(1));
      const d2 = await c.next();
      expect(parsePacket(d2!.msg)).toMatchObject({ op: 'DATA', block: 2 });
      // Vanish: answer nothing. The server resends block 2 twice (after 150 and 300 ms), then gives
      // up and logs it; by then both resends are in this client's queue.
      const ev = await logged((e) => e.path === '/sip.ld' && e.status === 408);
      const again = await c.collect(0);
      expect(again.map((r) => parsePacket(r.msg))).toEqual([expect.objectContaining({ op: 'DATA', block: 2 }), expect.objectContaining({ op: 'DATA', block: 2 })]);
      expect(ev.ok).toBe(false);
      expect(ev.bytesSent).toBe(512);
      expect(ev.error).toMatch(/stopped answering at block 2/);
      c.close();
    });

    it('a repeated ACK does not make the server send twice (Sorcerer’s Apprentice); a client ERROR ends it (499)', async () => {
      const c = await RawTftpClient.open();
      c.send(patientPort, encodeRequest('RRQ', 'sip.ld', 'octet'));
      const d1 = await c.next();
      const tid = d1!.from.port;
      c.send(tid, encodeAck(1));
      c.send(tid, encodeAck(1));
      c.send(tid, encodeAck(1));
      // The server handles the datagrams in order: a DATA 2 sent for a repeated ACK 1 would arrive
      // before the DATA 3 that answers ACK 2. No retransmission happens in between (60 s timer).
      const blocks: number[] = [];
      for (;;) {
        const r = await c.next(15_000);
        expect(r, 'a DATA packet').toBeDefined();
        const block = (parsePacket(r!.msg) as { block: number }).block;
        blocks.push(block);
        if (block === 2) c.send(tid, encodeAck(2));
        if (block === 3) break;
      }
      expect(blocks).toEqual([2, 3]);
      c.send(tid, encodeError(0, 'user cancelled'));
      const ev = await logged((e) => e.path === '/sip.ld' && e.status === 499);
      expect(ev.error).toMatch(/user cancelled/);
      c.close();
    });

    it('survives garbage on the server port and on a transfer port, and answers a malformed request with ERROR 4', async () => {
      const c = await RawTftpClient.open();
      for (let i = 0; i < 2000; i++) {
        // Random bytes under every opcode; requests (1, 2) never NUL-terminated so none is valid.
        const g = randomBytes(2 + (i % 600));
        g[0] = i % 50 === 0 ? 0xff : 0;
        g[1] = i % 10;
        if (g[1] === 1 || g[1] === 2) for (let j = 2; j < g.length; j++) g[j] ||= 0x41;
        c.send(fastPort, g);
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 5)); // stay within the socket buffers
      }
      c.send(fastPort, Buffer.from('\x00\x01name-without-mode', 'latin1'));
      await new Promise((r) => setTimeout(r, 50));
      c.send(fastPort, encodeRequest('RRQ', 'sip.ld', 'octet'));
      let first: Awaited<ReturnType<RawTftpClient['next']>>;
      const errors: unknown[] = [];
      for (let tries = 0; ; ) {
        first = await c.next(2000);
        if (!first) {
          expect(++tries).toBeLessThan(4);
          c.send(fastPort, encodeRequest('RRQ', 'sip.ld', 'octet')); // as a real client would
          continue;
        }
        const p = parsePacket(first.msg);
        if (p.op === 'DATA') break;
        errors.push(p);
      }
      expect(errors).toContainEqual(expect.objectContaining({ op: 'ERROR', code: 4 }));
      for (let i = 0; i < 500; i++) c.send(first.from.port, randomBytes(1 + (i % 100)));
      c.send(first.from.port, encodeError(0, 'done'));
      await logged((e) => e.status === 499 && e.path === '/sip.ld' && e.time > Date.now() - 10000);
      // Still serving.
      const r = await run('curl', ['-sS', '--max-time', '20', `tftp://127.0.0.1:${fastPort}/sip.ld`]);
      expect(sha(r.stdoutBytes)).toBe(sha(mid));
      c.close();
    });

    it('over the concurrent transfer limit a request gets ERROR 0 "busy" and is logged 503', async () => {
      // Two silent clients hold both slots of `patient` (it would first retransmit after 60 s).
      const a = await RawTftpClient.open();
      const b = await RawTftpClient.open();
      const x = await RawTftpClient.open();
      a.send(patientPort, encodeRequest('RRQ', 'sip.ld', 'octet'));
      b.send(patientPort, encodeRequest('RRQ', 'sip.ld', 'octet'));
      expect(parsePacket((await a.next(15_000))!.msg)).toMatchObject({ op: 'DATA', block: 1 });
      expect(parsePacket((await b.next(15_000))!.msg)).toMatchObject({ op: 'DATA', block: 1 });
      expect(patient.activeTransfers).toBe(2);
      expect(patient.tracker.list()[0]).toMatchObject({ method: 'RRQ', path: '/sip.ld', size: mid.length });
      x.send(patientPort, encodeRequest('RRQ', 'sip.ld', 'octet'));
      const busy = await x.next(15_000);
      expect(parsePacket(busy!.msg)).toMatchObject({ op: 'ERROR', code: 0, message: expect.stringMatching(/busy/) });
      expect((await logged((e) => e.status === 503)).error).toMatch(/limit 2/);
      // Both slots are still held: the refusal did not depend on timing.
      expect(patient.activeTransfers).toBe(2);
      for (const c of [a, b, x]) c.close();
    });
  });
});
