/**
 * The reader of command lines on a control connection: Telnet end-of-line `CRLF` (a bare LF is
 * accepted too), Telnet IAC sequences removed (RFC 959 §4.1.3 and RFC 854), lines run one after
 * the other in the order they came, whatever the TCP chunks.
 */
import { closeWith, type Session } from './session';

/** Longest command line accepted, bytes (RFC 959 sets no limit; paths are limited to 1,024 characters). */
const MAX_LINE = 8192;
/** Commands queued on one connection before it is closed as abusive. */
const MAX_QUEUED = 100;

/**
 * Take a chunk of the control connection: buffer it, split complete lines (LF, CR optional), and
 * queue each non-blank line to run after the ones before it. Closes the connection (421) when more
 * than 100 commands are queued, or (500) when a line grows over 8,192 bytes without its end.
 * @param s the connection's session (its buffer and queue are updated)
 * @param chunk bytes as read from the socket
 * @param run runs one decoded command line; must not reject
 */
export function readCommandLines(s: Session, chunk: Buffer, run: (line: string) => Promise<void>): void {
  s.buffer = s.buffer.length ? Buffer.concat([s.buffer, chunk]) : chunk;
  let nl: number;
  while ((nl = s.buffer.indexOf(0x0a)) >= 0) {
    const line = decodeLine(s.buffer.subarray(0, nl));
    s.buffer = s.buffer.subarray(nl + 1);
    if (line.trim() === '') continue;
    // ABOR (RFC 959 §4.1.3) is acted on at once, not after the transfer it aborts; its reply follows the transfer's.
    if (s.abortTransfer && /^\s*ABOR\s*$/i.test(line)) s.abortTransfer();
    if (++s.queued > MAX_QUEUED) {
      s.buffer = Buffer.alloc(0);
      void closeWith(s, 421, 'Too many commands queued: closing the control connection');
      return;
    }
    s.queue = s.queue.then(() => run(line)).finally(() => {
      s.queued--;
    });
  }
  if (s.buffer.length > MAX_LINE) {
    s.buffer = Buffer.alloc(0);
    void closeWith(s, 500, 'Command line too long: closing the control connection');
  }
}

/**
 * One command line: Telnet IAC sequences removed (RFC 854), CR stripped, UTF-8 decoded.
 * @param bytes the line without its LF
 * @returns the command text
 */
function decodeLine(bytes: Buffer): string {
  let buf = bytes;
  if (buf.includes(0xff)) {
    const out: number[] = [];
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b !== 0xff) {
        out.push(b);
        continue;
      }
      const n = buf[i + 1];
      if (n === 0xff) {
        out.push(0xff);
        i++;
      } else if (n !== undefined && n >= 0xfb && n <= 0xfe) i += 2;
      else i++;
    }
    buf = Buffer.from(out);
  }
  let line = buf.toString('utf8');
  if (line.endsWith('\r')) line = line.slice(0, -1);
  return line;
}
