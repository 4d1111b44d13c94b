/**
 * SIP NOTIFY `Event: check-sync`: asks a phone to re-read its configuration (it reboots only when
 * needed, unless `voIpProt.SIP.specialEvent.checkSync.alwaysReboot="1"`). Sent over UDP to port
 * 5060, retransmitted on RFC 3261 timer T1 (500 ms, doubling) until a final answer or the timeout.
 * Source: docs/sources.md §3 "Remote resync/reboot by SIP"; RFC 3261 §8.1.1 (request headers), §17.1.2
 * (non-INVITE retransmission); RFC 6665 (Event, Subscription-State).
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { PhoneRefusedError, PhoneTimeoutError, UnreachableError } from './phone-errors';

/** Outcome of a check-sync. */
export interface CheckSyncResult {
  status: number;
  reason: string;
  /** Round trip of the final answer, ms. */
  rttMs: number;
}

/**
 * Build the NOTIFY request.
 * @param local this computer's address and port as the phone sees them
 */
export function buildCheckSyncNotify(host: string, port: number, local: { address: string; port: number }, ids = { branch: randomBytes(8).toString('hex'), tag: randomBytes(4).toString('hex'), callId: randomBytes(10).toString('hex') }): string {
  const h = (a: string) => (isIPv6(a) ? `[${a}]` : a);
  return [
    `NOTIFY sip:${h(host)}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${h(local.address)}:${local.port};branch=z9hG4bK${ids.branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:provkit@${h(local.address)}>;tag=${ids.tag}`,
    `To: <sip:${h(host)}:${port}>`,
    `Call-ID: ${ids.callId}@${h(local.address)}`,
    'CSeq: 1 NOTIFY',
    `Contact: <sip:provkit@${h(local.address)}:${local.port}>`,
    'Event: check-sync',
    'Subscription-State: terminated',
    'User-Agent: ProvKit',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/**
 * Send check-sync and wait for the final answer.
 * @param timeoutMs overall bound (default 8,000)
 * @returns the final status (2xx)
 * @throws PhoneRefusedError for a 3xx-6xx answer (with the fix for the usual ones),
 *   PhoneTimeoutError when nothing answers, UnreachableError when the send fails
 */
export async function sendCheckSync(host: string, port = 5060, timeoutMs = 8000): Promise<CheckSyncResult> {
  const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
  const label = `${host}:${port}`;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const local = socket.address();
    const msg = Buffer.from(buildCheckSyncNotify(host, port, { address: local.address, port: local.port }));
    const started = Date.now();
    return await new Promise<CheckSyncResult>((resolve, reject) => {
      let interval = 500; // T1, doubling up to T2 = 4 s
      let timer: NodeJS.Timeout;
      const send = () => {
        socket.send(msg, (err) => {
          if (err) finish(new UnreachableError(label, `SIP NOTIFY could not be sent (${(err as NodeJS.ErrnoException).code ?? err.message})`));
        });
        timer = setTimeout(send, interval);
        interval = Math.min(interval * 2, 4000);
      };
      const deadline = setTimeout(() => finish(new PhoneTimeoutError(label, 'the SIP NOTIFY check-sync', timeoutMs)), timeoutMs);
      const finish = (err: Error | undefined, res?: CheckSyncResult) => {
        clearTimeout(timer);
        clearTimeout(deadline);
        socket.removeAllListeners('message');
        if (err) reject(err);
        else resolve(res!);
      };
      socket.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED') finish(new UnreachableError(label, 'nothing listens for SIP on that port (ICMP port unreachable)', 'Check the phone\u2019s SIP port (voIpProt.local.port, 5060 by default) and that it is registered or at least running its SIP stack.'));
      });
      socket.on('message', (data) => {
        const first = /^SIP\/2\.0 (\d{3}) ?([^\r\n]*)/.exec(data.toString('utf8'));
        if (!first) return;
        const status = Number(first[1]);
        if (status < 200) return; // provisional: keep waiting
        const res = { status, reason: first[2] ?? '', rttMs: Date.now() - started };
        if (status < 300) return finish(undefined, res);
        const fix =
          status === 401 || status === 407
            ? 'The phone wants the NOTIFY authenticated: send check-sync from the SIP server, or reboot it from its web UI instead.'
            : status === 489
              ? 'This phone does not accept check-sync events: reboot it from its web UI instead.'
              : undefined;
        finish(new PhoneRefusedError(label, `SIP ${status} ${res.reason}`.trim(), fix));
      });
      send();
    });
  } finally {
    socket.close();
  }
}
