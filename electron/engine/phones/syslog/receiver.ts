/**
 * The syslog receiver: UDP (514 by default, configurable; design.md "Ports"), RFC 3164 and 5424
 * parsed, each line joined to a phone by its source address (the request log's address → MAC,
 * `RequestLog.macForAddress`). Keeps the newest lines in memory; a malformed datagram is kept as
 * text, never crashes the receiver. Bind failures are explained (privileged port, in use).
 */
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { isIPv6 } from 'node:net';
import type { SyslogLine, SyslogStatus } from '../../../../shared/api-phones';
import { explainListenError } from '../../provisioning/listen-errors';
import { parseSyslog } from './parse';

/** Receiver settings. */
export interface SyslogSettings {
  enabled: boolean;
  bind: string;
  port: number;
}

/** Events: `line` (SyslogLine), `status` (SyslogStatus). */
export class SyslogReceiver extends EventEmitter {
  private socket: Socket | undefined;
  private readonly lines: SyslogLine[] = [];
  private nextId = 1;
  private received = 0;
  private state: SyslogStatus['state'] = 'stopped';
  private error: SyslogStatus['error'];
  private boundPort: number | undefined;

  /**
   * @param settings current settings (read at each start)
   * @param macForAddress the MAC of a source address, when one phone is known there
   * @param max lines kept (default 5,000)
   */
  constructor(
    private settings: SyslogSettings,
    private readonly macForAddress: (address: string) => string | undefined,
    private readonly max = 5000,
  ) {
    super();
  }

  /** Current state. */
  status(): SyslogStatus {
    return {
      enabled: this.settings.enabled,
      state: this.state,
      bind: this.settings.bind,
      port: this.settings.port,
      received: this.received,
      ...(this.boundPort !== undefined ? { boundPort: this.boundPort } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Replace the settings without (re)starting. */
  setSettings(settings: SyslogSettings): void {
    this.settings = settings;
  }

  /** Replace the settings and restart when enabled (stop when not). @returns the status */
  async configure(settings: SyslogSettings): Promise<SyslogStatus> {
    this.settings = settings;
    await this.stop();
    return settings.enabled ? this.start() : this.status();
  }

  /** Bind the socket. Never throws: a bind error becomes `state: 'error'` with its fix. */
  async start(): Promise<SyslogStatus> {
    if (this.socket) return this.status();
    const { bind, port } = this.settings;
    const socket = createSocket({ type: isIPv6(bind) ? 'udp6' : 'udp4', reuseAddr: false });
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo.address));
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ address: bind, port, exclusive: true }, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      socket.on('error', () => {});
      this.socket = socket;
      this.boundPort = socket.address().port;
      this.error = undefined;
      this.state = 'listening';
    } catch (err) {
      socket.close();
      this.boundPort = undefined;
      this.error = explainListenError(err as NodeJS.ErrnoException, 'Syslog (UDP)', bind, port);
      this.state = 'error';
    }
    this.emit('status', this.status());
    return this.status();
  }

  /** Close the socket. */
  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    this.boundPort = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
    this.state = 'stopped';
    this.emit('status', this.status());
  }

  /**
   * Lines received, oldest first.
   * @param mac only this phone's lines
   * @param limit newest N (default 500)
   */
  list(mac?: string, limit = 500): SyslogLine[] {
    const out = mac ? this.lines.filter((l) => l.mac === mac) : this.lines;
    return out.slice(-limit);
  }

  private onMessage(msg: Buffer, from: string): void {
    this.received++;
    const address = from.replace(/^::ffff:/, '');
    const mac = this.macForAddress(address);
    const line: SyslogLine = { id: this.nextId++, time: Date.now(), address, ...(mac ? { mac } : {}), ...parseSyslog(msg) };
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    this.emit('line', line);
  }
}
