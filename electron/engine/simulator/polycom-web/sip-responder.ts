/**
 * The simulated phone's SIP side, as far as check-sync goes: answers `NOTIFY` with
 * `Event: check-sync` by `200 OK` (Via, From, To with a tag, Call-ID, CSeq copied — RFC 3261
 * §8.2.6) and then calls `onCheckSync`; other events get `489 Bad Event`, other methods
 * `405 Method Not Allowed`. Source: docs/sources.md §3 "Remote resync/reboot by SIP".
 */
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';

/** Header value of a SIP message (first occurrence, case-insensitive, compact forms v/f/t/i). */
export function sipHeader(msg: string, name: string, compact?: string): string | undefined {
  const re = new RegExp(`^(?:${name}${compact ? `|${compact}` : ''})\\s*:\\s*(.*)$`, 'im');
  return re.exec(msg)?.[1]?.trim();
}

/** Answers check-sync NOTIFYs on one UDP port. */
export class SipResponder {
  private socket: Socket | undefined;
  /** NOTIFYs received, for tests. */
  received = 0;

  /**
   * @param onCheckSync called after a check-sync was answered
   */
  constructor(private readonly onCheckSync: () => void) {}

  /** Bind. @returns the bound port @throws the bind error */
  async start(bind: string, port: number): Promise<number> {
    const socket = createSocket(isIPv6(bind) ? 'udp6' : 'udp4');
    socket.on('message', (data, rinfo) => this.onMessage(socket, data.toString('utf8'), rinfo.address, rinfo.port));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, bind, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => {});
    this.socket = socket;
    return socket.address().port;
  }

  /** Close the socket. */
  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  private onMessage(socket: Socket, msg: string, address: string, port: number): void {
    const request = /^([A-Z]+) (\S+) SIP\/2\.0\r?\n/.exec(msg);
    if (!request) return;
    const method = request[1]!;
    const event = sipHeader(msg, 'Event', 'o');
    let status = '200 OK';
    if (method !== 'NOTIFY') status = '405 Method Not Allowed';
    else if (!/^check-sync\b/i.test(event ?? '')) status = '489 Bad Event';
    const to = sipHeader(msg, 'To', 't') ?? '';
    const lines = [
      `SIP/2.0 ${status}`,
      `Via: ${sipHeader(msg, 'Via', 'v') ?? ''}`,
      `From: ${sipHeader(msg, 'From', 'f') ?? ''}`,
      `To: ${/;tag=/.test(to) ? to : `${to};tag=${randomBytes(4).toString('hex')}`}`,
      `Call-ID: ${sipHeader(msg, 'Call-ID', 'i') ?? ''}`,
      `CSeq: ${sipHeader(msg, 'CSeq') ?? ''}`,
      'User-Agent: PolycomVVX-Simulated',
      'Content-Length: 0',
      '',
      '',
    ];
    socket.send(Buffer.from(lines.join('\r\n')), port, address);
    if (status === '200 OK') {
      this.received++;
      this.onCheckSync();
    }
  }
}
