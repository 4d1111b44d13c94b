/**
 * Live download progress of queued phones over FTP and TFTP ("downloading (bytes
 * and ETA from the server's transfer events)"). FTP and TFTP requests carry no User-Agent, so the
 * queue matches the servers' transfer lists (client address → MAC) to its phones. Real clients
 * (curl for FTP, tftp-hpa for TFTP) on loopback; the queue's bandwidth cap slows the 1 MiB image
 * to a few seconds. One engine per case: both clients come from 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueuePhone } from '../../shared/firmware-dto';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { writePackageFolder } from '../helpers/firmware';
import { run } from '../helpers/run';

const SIZE = 1024 * 1024;
const IMAGE = '3111-46157-002.sip.ld';
let dir: string;
let engine: Engine;
let ftpPort: number;
let tftpPort: number;
const events: QueuePhone[] = [];

/** Run a client without blocking the engine in this process. @returns its exit code */
function client(cmd: string, args: string[]): Promise<number> {
  const c = spawn(cmd, args, { stdio: 'ignore' });
  const t = setTimeout(() => c.kill(), 60_000);
  return new Promise((resolve) => c.once('exit', (code) => (clearTimeout(t), resolve(code ?? -1))));
}

const fetchers = {
  FTP: (file: string) => client('curl', ['-s', '-o', '/dev/null', `ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${ftpPort}/${file}`]),
  TFTP: (file: string) => client('tftp', ['-m', 'binary', '127.0.0.1', String(tftpPort), '-c', 'get', file, join(dir, 'got')]),
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pk-fwprog-'));
  const pasvMin = 32000 + (process.pid % 500) * 4;
  engine = await Engine.create({
    dataDir: dir,
    mode: 'headless',
    logSink: silentSink,
    overrides: { ftp: { bind: '127.0.0.1', port: 0, pasvMin, pasvMax: pasvMin + 3 }, tftp: { bind: '127.0.0.1', port: 0 } },
  });
  ftpPort = (await engine.servers.ftp.start()).boundPort!;
  tftpPort = (await engine.servers.tftp.start()).boundPort!;
  await engine.handlers.firmwareImport({ path: await writePackageFolder(dir, 'pkg', '5.9.6.2327', ['VVX400'], SIZE) });
  await engine.handlers.firmwareQueueConfigure({ serverUrl: `ftp://127.0.0.1:${ftpPort}/`, bandwidthBytesPerSec: 256 * 1024, stepTimeoutMs: 60_000 });
  events.length = 0;
  engine.onEvent((event, payload) => {
    if (event === 'firmwareQueuePhone') events.push(structuredClone(payload as QueuePhone));
  });
}, 30_000);

afterEach(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  { protocol: 'FTP' as const, mac: '0004f2f20001' },
  { protocol: 'TFTP' as const, mac: '0004f2f20002' },
])('a queued phone downloading over $protocol', ({ protocol, mac }) => {
  it('shows bytes and rate while the image moves, then flashing', async () => {
    await engine.handlers.firmwareQueueAdd({ phones: [{ mac, model: 'VVX400', current: '5.4.3.2036' }] });
    await expect.poll(() => engine.firmware.queue.state.phones.find((p) => p.mac === mac)!.state).toBe('rebooting');
    // The phone's first request names its MAC (as a real boot does): ProvKit learns its address.
    await fetchers[protocol](`${mac}.cfg`); // 404 is fine
    expect(engine.requestLog.macForAddress('127.0.0.1')).toBe(mac);
    const t0 = Date.now();
    expect(await fetchers[protocol](IMAGE)).toBe(0);
    const secs = (Date.now() - t0) / 1000;
    expect(secs).toBeGreaterThan(2); // the bandwidth cap held: there was time to see progress
    const mine = events.filter((e) => e.mac === mac);
    const live = mine.filter((e) => e.state === 'downloading' && e.bytes > 0 && e.bytes < SIZE);
    expect(live.length, `events: ${mine.map((e) => `${e.state}:${e.bytes}`).join(' ')}`).toBeGreaterThanOrEqual(1);
    expect(live.every((e) => e.size === SIZE && e.rate > 0)).toBe(true);
    // Bytes only grow during the download.
    const bytes = live.map((e) => e.bytes);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
    await expect.poll(() => engine.firmware.queue.state.phones.find((p) => p.mac === mac)!.state, { timeout: 5000 }).toBe('flashing');
    expect(engine.firmware.queue.state.phones.find((p) => p.mac === mac)!.bytes).toBe(SIZE);
  }, 60_000);
});

it('the FTP and TFTP clients are installed', async () => {
  expect((await run('curl', ['--version'])).code).toBe(0);
  expect((await run('sh', ['-c', 'command -v tftp'])).code).toBe(0);
});
