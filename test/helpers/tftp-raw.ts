/**
 * Test helper: a bare UDP socket speaking TFTP by hand, to play clients that real ones cannot
 * (one that vanishes mid-transfer, repeats ACKs, floods garbage, aborts).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** One datagram received, with its sender. */
export interface Received {
  msg: Buffer;
  from: RemoteInfo;
}

/** A raw TFTP client on 127.0.0.1. */
export class RawTftpClient {
  private readonly queue: Received[] = [];
  private waiter: ((r: Received) => void) | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('message', (msg, from) => {
      const w = this.waiter;
      this.waiter = undefined;
      if (w) w({ msg, from });
      else this.queue.push({ msg, from });
    });
  }

  /** Bind a new client on an ephemeral port. */
  static async open(): Promise<RawTftpClient> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    return new RawTftpClient(s);
  }

  /** Send a datagram to 127.0.0.1:port. */
  send(port: number, buf: Buffer): void {
    this.socket.send(buf, port, '127.0.0.1');
  }

  /**
   * The next datagram received.
   * @param timeoutMs how long to wait
   * @returns undefined when none came in time
   */
  next(timeoutMs = 5000): Promise<Received | undefined> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (r) => {
        clearTimeout(t);
        resolve(r);
      };
    });
  }

  /** Datagrams received within `ms` (waits the whole time). */
  async collect(ms: number): Promise<Received[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.queue.splice(0);
  }

  /** Close the socket (the server sees a client that vanished). */
  close(): void {
    this.socket.close();
  }
}
