/**
 * Test helper: a raw FTP control connection (RFC 959 replies parsed, nothing else), for tests that
 * need byte-level control a real client does not give: malformed commands, split lines, aborted
 * data connections.
 */
import { connect, type Socket } from 'node:net';

/** One FTP reply: the 3-digit code and the text of all its lines. */
export interface FtpReply {
  code: number;
  text: string;
}

/** A raw FTP control connection. */
export class RawFtp {
  private buffer = '';
  private lines: string[] = [];
  private replies: FtpReply[] = [];
  private waiters: Array<(r: FtpReply | undefined) => void> = [];
  private closed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.onData(text));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w(undefined);
    });
  }

  /**
   * Connect and read the greeting.
   * @returns the connection and the 220 greeting
   * @throws when the connection fails
   */
  static async connect(port: number, host = '127.0.0.1'): Promise<{ ftp: RawFtp; greeting: FtpReply }> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ port, host }, () => resolve(s));
      s.once('error', reject);
    });
    const ftp = new RawFtp(socket);
    const greeting = await ftp.next();
    return { ftp, greeting };
  }

  /** Whether the server closed the connection. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Write bytes as they are (no CRLF added) without waiting for a reply. */
  write(raw: string | Buffer): void {
    this.socket.write(raw);
  }

  /**
   * Send one command line (CRLF added) and wait for its reply.
   * @throws when no reply arrives within `timeoutMs` or the connection closes
   */
  async send(line: string, timeoutMs = 5000): Promise<FtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.next(timeoutMs);
  }

  /**
   * The next complete reply (multi-line replies joined with `\n`).
   * @throws on timeout or when the connection closed first
   */
  next(timeoutMs = 5000): Promise<FtpReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closed) return Promise.reject(new Error('control connection closed'));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no FTP reply within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (r: FtpReply | undefined) => {
        clearTimeout(t);
        if (r) resolve(r);
        else reject(new Error('control connection closed'));
      };
      this.waiters.push(waiter);
    });
  }

  /** USER + PASS; returns the PASS reply (or the USER reply when it already logged in). */
  async login(user: string, password: string): Promise<FtpReply> {
    const u = await this.send(`USER ${user}`);
    if (u.code !== 331) return u;
    return this.send(`PASS ${password}`);
  }

  /**
   * EPSV and open the data connection.
   * @throws when EPSV is refused or the data connection fails
   */
  async openData(host = '127.0.0.1'): Promise<Socket> {
    const r = await this.send('EPSV');
    const m = /\(\|\|\|(\d+)\|\)/.exec(r.text);
    if (r.code !== 229 || !m) throw new Error(`EPSV refused: ${r.code} ${r.text}`);
    return new Promise<Socket>((resolve, reject) => {
      const s = connect({ port: Number(m[1]), host }, () => resolve(s));
      s.once('error', reject);
    });
  }

  /** Close the control connection. */
  close(): void {
    this.socket.destroy();
  }

  private onData(text: string): void {
    this.buffer += text;
    let i: number;
    while ((i = this.buffer.indexOf('\r\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, i));
      this.buffer = this.buffer.slice(i + 2);
    }
    // A reply ends with a line "ddd text" whose code matches the first line "ddd-...".
    while (this.lines.length) {
      const first = this.lines[0]!;
      const m = /^(\d{3})([ -])/.exec(first);
      if (!m) {
        this.lines.shift();
        continue;
      }
      let end = 0;
      if (m[2] === '-') {
        end = this.lines.findIndex((l, k) => k > 0 && l.startsWith(`${m[1]} `));
        if (end < 0) return;
      }
      const lines = this.lines.splice(0, end + 1);
      const reply = { code: Number(m[1]), text: lines.join('\n') };
      const w = this.waiters.shift();
      if (w) w(reply);
      else this.replies.push(reply);
    }
  }
}
