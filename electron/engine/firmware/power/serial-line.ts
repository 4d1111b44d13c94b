/**
 * A serial port for power control: open it (serialport, or an injected port for tests such as
 * SerialPortMock), write bytes, wait for text matching a pattern with a timeout.
 */
import { SerialPort } from 'serialport';
import type { Duplex } from 'node:stream';
import type { SerialPortInfo } from '../../../../shared/firmware-power';

/** What the drivers need from a port (SerialPort and SerialPortMock both fit). */
export type SerialLike = Duplex & {
  readonly isOpen: boolean;
  open(cb?: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  drain(cb?: (err: Error | null) => void): void;
};

/** Opens a port by path. Default: a real serial port (or a pty from socat). */
export type PortFactory = (path: string, baudRate: number) => SerialLike;

/** Real serial ports through the `serialport` package. */
export const realPorts: PortFactory = (path, baudRate) => new SerialPort({ path, baudRate, autoOpen: false }) as unknown as SerialLike;

/** Lists the machine's serial ports (tests inject SerialPortMock's list). */
export type PortLister = () => Promise<SerialPortInfo[]>;

/** serialport's `list()`, fields that are set only. */
export const realPortList: PortLister = async () =>
  (await SerialPort.list()).map((p) => ({
    path: p.path,
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId } : {}),
    ...(p.productId ? { productId: p.productId } : {}),
  }));

/** The device did not answer as expected, or the port failed. `transcript` holds what was exchanged. */
export class PowerControlError extends Error {
  constructor(
    message: string,
    readonly transcript: string[],
  ) {
    super(message);
    this.name = 'PowerControlError';
  }
}

/** An open serial line with an input buffer. */
export class SerialLine {
  private buffer = '';
  private waiter: (() => void) | undefined;
  /** What was sent (`> ...`) and received (`< ...`), for the run report and errors. */
  readonly transcript: string[] = [];

  private constructor(private readonly port: SerialLike) {
    port.on('data', (d: Buffer) => {
      this.buffer += d.toString('latin1');
      this.waiter?.();
    });
  }

  /**
   * Open a port.
   * @throws PowerControlError saying which port and why (missing device, permission)
   */
  static async open(factory: PortFactory, path: string, baudRate: number): Promise<SerialLine> {
    const port = factory(path, baudRate);
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new PowerControlError(`cannot open serial port ${path}: ${err.message} (check the cable, the device path and that you may use it, e.g. the dialout group)`, [])) : resolve())),
    );
    return new SerialLine(port);
  }

  /** Send bytes or text and wait until they are written. */
  async write(data: Buffer | string): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.transcript.push(`> ${typeof data === 'string' ? data.replace(/\r?\n$/, '') : buf.toString('hex')}`);
    await new Promise<void>((resolve, reject) => this.port.write(buf, (err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => this.port.drain((err) => (err ? reject(err) : resolve())));
  }

  /**
   * Wait for received text matching `pattern`; consumes the buffer up to the end of the match.
   * @returns the text received up to and including the match
   * @throws PowerControlError after `timeoutMs` without a match
   */
  async expect(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.buffer);
      if (m) {
        const upto = m.index + m[0].length;
        const text = this.buffer.slice(0, upto);
        this.buffer = this.buffer.slice(upto);
        this.transcript.push(`< ${text.replace(/\r/g, '').trim()}`);
        return text;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new PowerControlError(`no answer matching ${pattern} within ${timeoutMs} ms (got "${this.buffer.slice(-80).trim()}")`, this.transcript);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** Drop what was received and not consumed (stale prompts, banners). */
  discard(): void {
    this.buffer = '';
  }

  /** Close the port. */
  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
