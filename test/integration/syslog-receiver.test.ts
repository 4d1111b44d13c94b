/**
 * The syslog receiver with a real sender: util-linux `logger` sends RFC 3164 and RFC 5424 lines
 * over UDP to the receiver on loopback; each line is parsed and joined to the phone that uses the
 * source address (request log address → MAC). A malformed datagram is kept as text; a port in use
 * is explained with a fix.
 */
import { createSocket } from 'node:dgram';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyslogLine } from '../../shared/api-phones';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { parseSyslog } from '../../electron/engine/phones/syslog/parse';
import { SyslogReceiver } from '../../electron/engine/phones/syslog/receiver';
import { run } from '../helpers/run';

const MAC = '0004f2d00001';
let engine: Engine;
let port: number;
const lines: SyslogLine[] = [];

async function until<T>(fn: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting for a syslog line');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  engine = await Engine.create({ dataDir: await mkdtemp(join(tmpdir(), 'provkit-syslog-')), mode: 'headless', logSink: silentSink });
  engine.onEvent((event, payload) => event === 'syslog' && lines.push(payload as SyslogLine));
  // The phone fetched its configuration from 127.0.0.1: that address is its.
  engine.requestLog.record({ time: Date.now(), protocol: 'http', client: '127.0.0.1', method: 'GET', path: `/${MAC}.cfg`, status: 200, bytesSent: 100, bytesReceived: 0, durationMs: 1 });
  const st = await engine.handlers.configureSyslog({ enabled: true, bind: '127.0.0.1', port: 0 });
  expect(st.state).toBe('listening');
  port = st.boundPort!;
});
afterAll(() => engine?.close());

describe('syslog from logger (util-linux)', () => {
  it('parses an RFC 3164 line and joins it to the phone by source address', async () => {
    const r = await run('logger', ['--rfc3164', '-d', '-n', '127.0.0.1', '-P', String(port), '-t', 'pps', '-p', 'local0.warning', 'Config file error: 0004f2d00001-site.cfg']);
    expect(r.code, r.stderr).toBe(0);
    const line = await until(() => lines.find((l) => l.message.includes('Config file error')));
    expect(line).toMatchObject({ format: 'rfc3164', facility: 16, severity: 4, app: 'pps', address: '127.0.0.1', mac: MAC, message: 'Config file error: 0004f2d00001-site.cfg' });
    expect(line.timestamp).toMatch(/^[A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d$/);
    expect(line.hostname).toBeTruthy();
  });

  it('parses an RFC 5424 line with MSGID and structured data', async () => {
    const r = await run('logger', ['--rfc5424', '-d', '-n', '127.0.0.1', '-P', String(port), '-t', 'polycom', '--msgid', 'PROV', '--sd-id', 'prov@13885', '--sd-param', 'file="0004f2d00001.cfg"', '-p', 'user.err', 'Provisioning failed: 404']);
    expect(r.code, r.stderr).toBe(0);
    const line = await until(() => lines.find((l) => l.message === 'Provisioning failed: 404'));
    expect(line).toMatchObject({ format: 'rfc5424', facility: 1, severity: 3, app: 'polycom', msgId: 'PROV', mac: MAC });
    expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect((await engine.handlers.listSyslog({ mac: MAC })).map((l) => l.message)).toEqual(expect.arrayContaining(['Provisioning failed: 404', 'Config file error: 0004f2d00001-site.cfg']));
  });

  it('keeps a malformed datagram as text and goes on receiving', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.send(Buffer.from([0xff, 0xfe, 0x00, 0x41]), port, '127.0.0.1', () => r()));
    await new Promise<void>((r) => s.send('<999>not a priority', port, '127.0.0.1', () => r()));
    s.close();
    const bad = await until(() => lines.find((l) => l.message === '<999>not a priority'));
    expect(bad.format).toBe('unknown');
    const r = await run('logger', ['--rfc3164', '-d', '-n', '127.0.0.1', '-P', String(port), 'still alive']);
    expect(r.code).toBe(0);
    await until(() => lines.find((l) => l.message === 'still alive'));
    expect((await engine.handlers.getSyslogStatus({})).received).toBeGreaterThanOrEqual(5);
  });

  it('explains a port in use, with another port to use', async () => {
    const other = new SyslogReceiver({ enabled: true, bind: '127.0.0.1', port }, () => undefined);
    const st = await other.start();
    expect(st.state).toBe('error');
    expect(st.error).toMatchObject({ code: 'EADDRINUSE', alternativePort: port + 1 });
    expect(st.error!.fix).toMatch(/use port/);
    await other.stop();
  });
});

describe('syslog parsing edge cases', () => {
  it('handles nil fields, escaped brackets in structured data and a BOM', () => {
    expect(parseSyslog('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App\\]lication"] \uFEFFAn application event')).toMatchObject({
      format: 'rfc5424',
      facility: 20,
      severity: 5,
      hostname: 'mymachine.example.com',
      app: 'evntslog',
      msgId: 'ID47',
      message: 'An application event',
    });
    expect(parseSyslog('<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8')).toMatchObject({ format: 'rfc3164', facility: 4, severity: 2, hostname: 'mymachine', app: 'su', timestamp: 'Oct 11 22:14:15' });
    expect(parseSyslog('<13>plain text without header')).toMatchObject({ format: 'rfc3164', severity: 5, message: 'plain text without header' });
    const p = parseSyslog('<13>1 - - - - - -');
    expect(p).toMatchObject({ format: 'rfc5424', message: '' });
    expect(p.hostname).toBeUndefined();
  });
});
