/**
 * The DHCP sniffer: watches DHCP on one interface and reports every packet decoded.
 * Backends: packet capture (libpcap via `cap`, both directions) when available, else UDP sockets on
 * 67 and 68 (broadcasts only: DISCOVER/REQUEST, and OFFER/ACK only when the client set the
 * broadcast flag; from every interface). The status says which view is active. Malformed packets
 * are logged and reported with their error, never thrown.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:dgram';
import type { DhcpBackend, DhcpSnifferStatus, DhcpView } from '../../../shared/dhcp-dto';
import { tryDecodePacket, type DecodeOutcome } from './codec/packet';
import { loadCapture, startCapture, type CaptureHandle } from './capture-backend';
import type { UdpDatagram } from './link';
import { bindDhcpSocket } from './sockets';
import type { Logger } from '../logger';

/** One packet seen. */
export interface SniffedPacket {
  time: number;
  backend: DhcpBackend;
  iface: string;
  udp: Omit<UdpDatagram, 'payload'>;
  outcome: DecodeOutcome;
}

/** Sniffer state for the UI (the status without the engine's counters). */
export type SnifferState = Pick<DhcpSnifferStatus, 'state' | 'iface' | 'backend' | 'view' | 'viewText' | 'error' | 'fix'>;

/** What each view shows and misses, in one sentence. */
export const VIEW_TEXT: Record<DhcpView, string> = {
  'both-directions': 'Packet capture: sees both directions — every DISCOVER, OFFER, REQUEST and ACK on this interface, unicast answers included.',
  'broadcasts-only': 'UDP sockets only: sees broadcasts — DISCOVER/REQUEST, and OFFER/ACK only when the client asked for broadcast replies — from every interface. Install packet capture (libpcap) to see both directions.',
};

/**
 * Emits `packet` (SniffedPacket) and `state` (SnifferState).
 * A vendor-class hint per xid lets option 43 in replies be read with the client's layout.
 */
export class DhcpSniffer extends EventEmitter {
  private st: SnifferState = { state: 'stopped' };
  private capture: CaptureHandle | undefined;
  private sockets: Socket[] = [];

  constructor(
    private readonly logger: Logger,
    /** Vendor class of the request with this xid, for option 43 of the reply. */
    private readonly vendorHint: (xid: number) => string | undefined = () => undefined,
  ) {
    super();
  }

  /** Whether packet capture can be used here, and why not. */
  static captureAvailability(): { available: boolean; reason?: string } {
    const r = loadCapture();
    return r.mod ? { available: true } : { available: false, ...(r.reason ? { reason: r.reason } : {}) };
  }

  /** Current state. */
  state(): SnifferState {
    return { ...this.st };
  }

  /**
   * Start watching (stops a previous run first).
   * @param iface interface name
   * @param backend `auto` = capture when available, else sockets
   * @returns the state; failures become `state: 'error'` with `error` and `fix`, never a throw
   */
  async start(iface: string, backend: 'auto' | DhcpBackend = 'auto'): Promise<SnifferState> {
    await this.stop();
    const want: DhcpBackend = backend === 'auto' ? (loadCapture().mod ? 'capture' : 'socket') : backend;
    try {
      if (want === 'capture') {
        this.capture = startCapture(iface, (d) => this.ingest('capture', iface, d));
        this.set({ state: 'running', iface, backend: 'capture', view: 'both-directions', viewText: VIEW_TEXT['both-directions'] });
      } else {
        for (const port of [67, 68] as const) {
          const s = await bindDhcpSocket(port);
          s.on('message', (msg, rinfo) => this.ingest('socket', iface, { srcIp: rinfo.address, srcPort: rinfo.port, dstIp: '', dstPort: port, payload: msg }));
          this.sockets.push(s);
        }
        this.set({ state: 'running', iface, backend: 'socket', view: 'broadcasts-only', viewText: VIEW_TEXT['broadcasts-only'] });
      }
    } catch (err) {
      await this.stop();
      const fix =
        (err as { fix?: string }).fix ??
        (want === 'capture' ? 'run ProvKit as root (or give node CAP_NET_RAW), check the interface name, or switch to the socket view' : 'check the interface and permissions');
      this.set({ state: 'error', iface, backend: want, error: (err as Error).message, fix });
    }
    return this.state();
  }

  /** Stop watching. */
  async stop(): Promise<SnifferState> {
    this.capture?.close();
    this.capture = undefined;
    for (const s of this.sockets) s.close();
    this.sockets = [];
    if (this.st.state === 'running') this.set({ state: 'stopped' });
    return this.state();
  }

  /**
   * Decode one datagram as a backend delivers it and emit `packet` (public for replaying captures
   * and tests). Never throws: a decoder bug is logged and the packet dropped.
   */
  ingest(backend: DhcpBackend, iface: string, d: UdpDatagram): void {
    const { payload, ...udp } = d;
    const xid = payload.length >= 8 ? ((payload[4]! << 24) >>> 0) + (payload[5]! << 16) + (payload[6]! << 8) + payload[7]! : undefined;
    const hint = xid !== undefined && payload[0] === 2 ? this.vendorHint(xid) : undefined;
    let outcome: DecodeOutcome;
    try {
      outcome = tryDecodePacket(payload, hint ? { vendorClass: hint } : {});
    } catch (err) {
      this.logger.error(`DHCP decoder bug, packet dropped: ${(err as Error).message}`, { from: udp.srcIp });
      return;
    }
    if (!outcome.ok) this.logger.warn(`malformed DHCP packet from ${udp.srcIp}: ${outcome.error.message}`);
    this.emit('packet', { time: Date.now(), backend, iface, udp, outcome } satisfies SniffedPacket);
  }

  private set(s: SnifferState): void {
    this.st = s;
    this.emit('state', this.state());
  }
}
