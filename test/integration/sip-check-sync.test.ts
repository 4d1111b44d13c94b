/**
 * SIP NOTIFY check-sync (docs/sources.md §3): ProvKit's NOTIFY is a well-formed RFC 3261 request,
 * retransmitted on timer T1 until answered; the simulated phone answers it (also when a real SIP
 * tool, sipsak, sends the NOTIFY) and refuses other events with 489; silence is a TIMEOUT.
 */
import { createSocket, type Socket } from 'node:dgram';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PhoneError } from '../../electron/engine/phones/phone-errors';
import { sendCheckSync } from '../../electron/engine/phones/sip-notify';
import { SipResponder, sipHeader } from '../../electron/engine/simulator/polycom-web/sip-responder';
import { run } from '../helpers/run';

const sockets: Socket[] = [];
const responders: SipResponder[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(responders.map((r) => r.stop()));
});

async function silentPeer(): Promise<{ port: number; received: string[] }> {
  const s = createSocket('udp4');
  sockets.push(s);
  const received: string[] = [];
  s.on('message', (m) => received.push(m.toString('utf8')));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return { port: s.address().port, received };
}

async function responder(): Promise<{ r: SipResponder; port: number; syncs: () => number }> {
  let syncs = 0;
  const r = new SipResponder(() => syncs++);
  responders.push(r);
  const port = await r.start('127.0.0.1', 0);
  return { r, port, syncs: () => syncs };
}

describe('ProvKit\u2019s NOTIFY', () => {
  it('is a well-formed check-sync request, retransmitted (T1 500 ms, doubling) until the timeout', async () => {
    const peer = await silentPeer();
    const started = Date.now();
    const err = await sendCheckSync('127.0.0.1', peer.port, 2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhoneError);
    expect((err as PhoneError).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    // Sent at 0, 500 and 1500 ms (the third may slip past the deadline on a loaded machine; never a fourth).
    expect(peer.received.length).toBeGreaterThanOrEqual(2);
    expect(peer.received.length).toBeLessThanOrEqual(3);
    const msg = peer.received[0]!;
    expect(msg).toMatch(new RegExp(`^NOTIFY sip:127\\.0\\.0\\.1:${peer.port} SIP/2\\.0\\r\\n`));
    expect(sipHeader(msg, 'Via')).toMatch(/^SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK[0-9a-f]+;rport$/);
    expect(sipHeader(msg, 'Event')).toBe('check-sync');
    expect(sipHeader(msg, 'CSeq')).toBe('1 NOTIFY');
    expect(sipHeader(msg, 'Max-Forwards')).toBe('70');
    expect(sipHeader(msg, 'Content-Length')).toBe('0');
    expect(msg.endsWith('\r\n\r\n')).toBe(true);
    // Retransmissions are the same transaction (same branch and Call-ID).
    expect(new Set(peer.received).size).toBe(1);
  });

  it('gets 200 OK from the simulated phone, which then re-reads its configuration', async () => {
    const { port, syncs } = await responder();
    const res = await sendCheckSync('127.0.0.1', port, 3000);
    expect(res).toMatchObject({ status: 200, reason: 'OK' });
    expect(res.rttMs).toBeLessThan(1000);
    expect(syncs()).toBe(1);
  });
});

describe('the simulated phone\u2019s SIP side with a real SIP tool (sipsak)', () => {
  it('answers a check-sync NOTIFY with 200 (sipsak exit code 0) and another event with 489', async () => {
    const { port, syncs } = await responder();
    const dir = await mkdtemp(join(tmpdir(), 'provkit-sip-'));
    const notify = (event: string) =>
      ['NOTIFY sip:127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK77aa;rport', 'From: <sip:tester@127.0.0.1>;tag=abc', 'To: <sip:127.0.0.1>', `Call-ID: ${event}@127.0.0.1`, 'CSeq: 1 NOTIFY', `Event: ${event}`, 'Content-Length: 0', '', ''].join('\r\n');
    await writeFile(join(dir, 'sync.txt'), notify('check-sync'));
    await writeFile(join(dir, 'other.txt'), notify('message-summary'));
    const ok = await run('sipsak', ['-f', join(dir, 'sync.txt'), '-s', `sip:127.0.0.1:${port}`, '-v'], { timeoutMs: 15_000 });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/SIP\/2\.0 200 OK/);
    expect(syncs()).toBe(1);
    const bad = await run('sipsak', ['-f', join(dir, 'other.txt'), '-s', `sip:127.0.0.1:${port}`, '-v'], { timeoutMs: 15_000 });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/489 Bad Event/);
    expect(syncs()).toBe(1);
  });

  it('ProvKit reports a 489 as PHONE_REFUSED with what to do instead', async () => {
    const s = createSocket('udp4');
    sockets.push(s);
    s.on('message', (m, rinfo) => {
      const msg = m.toString();
      const reply = ['SIP/2.0 489 Bad Event', `Via: ${sipHeader(msg, 'Via')}`, `From: ${sipHeader(msg, 'From')}`, `To: ${sipHeader(msg, 'To')};tag=x`, `Call-ID: ${sipHeader(msg, 'Call-ID')}`, `CSeq: ${sipHeader(msg, 'CSeq')}`, 'Content-Length: 0', '', ''].join('\r\n');
      s.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const err = (await sendCheckSync('127.0.0.1', s.address().port, 3000).catch((e: unknown) => e)) as PhoneError;
    expect(err.code).toBe('PHONE_REFUSED');
    expect(err.message).toMatch(/489 Bad Event/);
    expect(err.fix).toMatch(/reboot it from its web UI/);
  });
});
