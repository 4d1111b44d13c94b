/**
 * TFTP in the engine: a third server kind (status, URL, configureServer, listen errors explained
 * with a free UDP port), live progress and throughput in the status, and
 * `provkit serve --tftp-port 0` serving a file to curl.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../shared/dto';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { encodeAck, encodeRequest, parsePacket } from '../../electron/engine/provisioning/tftp/packet';
import { findFreePort } from '../../electron/engine/server-control';
import { run } from '../helpers/run';
import { startServe } from '../helpers/serve';
import { RawTftpClient } from '../helpers/tftp-raw';

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provkit-tftp-engine-'));
  engine = await Engine.create({
    dataDir: dir,
    mode: 'headless',
    logSink: silentSink,
    overrides: { http: { enabled: false }, ftp: { enabled: false }, tftp: { bind: '127.0.0.1', port: 0 } },
  });
  await writeFile(join(engine.provisioningRoot, 'sip.ld'), Buffer.alloc(2 * 1024 * 1024, 0x5a));
});
afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('TFTP server in the engine', () => {
  it('starts with the other servers, lists itself and gives phones a tftp:// address', async () => {
    const all = await engine.startEnabledServers();
    expect(all.map((s) => [s.kind, s.state])).toEqual([['http', 'stopped'], ['https', 'stopped'], ['ftp', 'stopped'], ['tftp', 'listening']]);
    const st = (await engine.handlers.listServers({})).find((s) => s.kind === 'tftp')!;
    expect(st.url).toBe(`tftp://127.0.0.1:${st.boundPort}/`);
    expect(st.options).toMatchObject({ maxTransfers: 64 });
    expect(st).toMatchObject({ transfers: [], throughput: 0 });
  });

  it('configureServer(tftp) saves maxTransfers and restarts; a taken UDP port is explained with a free one', async () => {
    const st = await engine.handlers.configureServer({ kind: 'tftp', maxTransfers: 3 });
    expect(st).toMatchObject({ state: 'listening', options: { maxTransfers: 3 } });
    expect(engine.settings.get('tftp').maxTransfers).toBe(3);
    const blocker: Socket = createSocket('udp4');
    await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', r));
    const taken = blocker.address().port;
    try {
      const failed = await engine.handlers.configureServer({ kind: 'tftp', port: taken });
      expect(failed.state).toBe('error');
      expect(failed.error?.code).toBe('EADDRINUSE');
      const alt = failed.error!.alternativePort!;
      expect(await findFreePort('127.0.0.1', alt, 1, 'udp')).toBe(alt);
    } finally {
      blocker.close();
    }
    expect((await engine.handlers.configureServer({ kind: 'tftp', port: 0 })).state).toBe('listening');
  });

  it('shows a transfer in progress with bytes, size and rate, and the throughput, in status events', async () => {
    const port = engine.servers.tftp.status().boundPort!;
    const events: ServerStatus[] = [];
    const off = engine.onEvent((name, payload) => {
      if (name === 'server' && (payload as ServerStatus).kind === 'tftp') events.push(payload as ServerStatus);
    });
    const c = await RawTftpClient.open();
    c.send(port, encodeRequest('RRQ', 'sip.ld', 'octet', { blksize: 1024 }));
    // ACK the OACK, then one block every 20 ms (a slow phone) until a progress event with bytes came
    // (≥ 1.2 s; a transfer in a worker thread reports its bytes a few times a second).
    let m = await c.next();
    const tid = m!.from.port;
    c.send(tid, encodeAck(0));
    const start = Date.now();
    while (Date.now() - start < 1200 || (!events.some((e) => e.transfers?.[0]?.bytes) && Date.now() - start < 10_000)) {
      m = await c.next();
      const p = parsePacket(m!.msg) as { block: number };
      await new Promise((r) => setTimeout(r, 20));
      c.send(tid, encodeAck(p.block));
    }
    const live = engine.servers.tftp.status();
    expect(live.activeTransfers).toBe(1);
    expect(live.transfers![0]).toMatchObject({ client: '127.0.0.1', method: 'RRQ', path: '/sip.ld', size: 2 * 1024 * 1024 });
    expect(live.transfers![0]!.bytes).toBeGreaterThan(10 * 1024);
    expect(live.transfers![0]!.rate).toBeGreaterThan(0);
    const progress = events.filter((e) => e.transfers?.[0]?.bytes);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)!.throughput).toBeGreaterThan(0);
    c.close();
    off();
  });
});

describe('provkit serve --tftp-port 0', () => {
  it('prints the TFTP address and serves files over it', async () => {
    const s = await startServe();
    try {
      expect(s.tftp).toMatch(/^tftp:\/\/127\.0\.0\.1:\d+\/$/);
      await writeFile(join(s.dataDir, 'provisioning', 'bootrom.ld'), 'BOOTROM');
      const r = await run('curl', ['-sS', '--max-time', '20', `${s.tftp}bootrom.ld`]);
      expect(r.stdout).toBe('BOOTROM');
    } finally {
      await s.stop();
    }
  });
});
