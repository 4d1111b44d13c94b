/**
 * A simulated Polycom phone's web server (HTTP or HTTPS with a self-signed certificate made at
 * start), answering as the legacy web UI, the UC 6 web UI or the REST API (see the routes files).
 * A reboot really drops the listener: open sockets are destroyed, the port refuses connections for
 * `rebootDownMs`, the phone boots against its configured provisioning server with
 * {@link simulatePolycomBoot} (docs/sources.md §1 sequence), then listens again on the same port.
 * Events: `request` ({method, path, status}), `down` (kind), `boot` (SimResult | {error}), `up`.
 */
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { PROV_PARAMS } from '../../../../shared/phone-web';
import { flashingHooks } from '../firmware-bench';
import { simulatePolycomBoot, type SimResult } from '../polycom-boot';
import { POLYCOM_SERVER_HEADER } from './pages';
import { handleRest } from './rest-routes';
import { selfSignedCert, type SelfSignedCert } from './self-signed';
import type { SimPhone } from './sim-phone';
import { SipResponder } from './sip-responder';
import { handleWeb, type SimRequest, type SimResponse } from './web-routes';

/** Where and how to listen. */
export interface SimServerOptions {
  bind: string;
  /** 0 = ephemeral (kept across reboots once bound). */
  port: number;
  /** Serve HTTPS: `modern` certificate and TLS, or an `old` one (RSA 1024/SHA-1, TLS 1.0 only). */
  https?: 'modern' | 'old';
  /** Answer SIP check-sync on this UDP port (0 = ephemeral); no SIP when absent. */
  sipPort?: number;
}

/** What the phone is doing. */
export type SimServerState = 'stopped' | 'up' | 'down';

const MAX_BODY = 64 * 1024;

/** One simulated phone on the network. */
export class SimulatedPhoneServer extends EventEmitter {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private cert: SelfSignedCert | undefined;
  private boundPort = 0;
  private nonce = randomBytes(16).toString('hex');
  private timers = new Set<NodeJS.Timeout>();
  private savedReboot: NodeJS.Timeout | undefined;
  private stopping = false;
  private sip: SipResponder | undefined;
  private sipBound: number | undefined;
  state: SimServerState = 'stopped';
  /** Reboots, restarts and resets so far. */
  rebootCount = 0;
  /** Results of boots after reboots, oldest first. */
  readonly boots: Array<SimResult | { error: string; at: number }> = [];

  constructor(
    readonly phone: SimPhone,
    readonly opts: SimServerOptions,
  ) {
    super();
  }

  /** Port it listens on (after start). */
  get port(): number {
    return this.boundPort;
  }

  /** UDP port answering SIP check-sync, when enabled. */
  get sipPort(): number | undefined {
    return this.sipBound;
  }

  /** `http://127.0.0.1:8080` / `https://...`. */
  get url(): string {
    const host = this.opts.bind.includes(':') ? `[${this.opts.bind}]` : this.opts.bind;
    return `${this.opts.https ? 'https' : 'http'}://${host}:${this.boundPort}`;
  }

  /**
   * Listen. @returns the bound port
   * @throws the listen error
   */
  async start(): Promise<number> {
    if (this.opts.https && !this.cert) this.cert = selfSignedCert(this.opts.bind, this.opts.https);
    await this.listen(this.opts.port);
    if (this.opts.sipPort !== undefined) {
      this.sip = new SipResponder(() => this.checkSync());
      this.sipBound = await this.sip.start(this.opts.bind, this.opts.sipPort);
    }
    return this.boundPort;
  }

  /** SIP check-sync: re-read the configuration (boot against the server) without a reboot. */
  checkSync(): void {
    if (this.state !== 'up') return;
    this.emit('checkSync');
    void this.bootAgainstServer();
  }

  /** Stop for good (cancels pending reboots). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.savedReboot) clearTimeout(this.savedReboot);
    await this.sip?.stop();
    await this.closeListener();
    this.state = 'stopped';
  }

  /**
   * Reboot now (as after `/form-submit/Reboot`): drop the listener, stay down, boot against the
   * provisioning server, listen again. `factoryReset` restores factory settings first.
   */
  reboot(kind: 'reboot' | 'restart' | 'factoryReset' = 'reboot'): void {
    if (this.state !== 'up') return;
    this.rebootCount++;
    if (this.savedReboot) clearTimeout(this.savedReboot);
    this.savedReboot = undefined;
    this.state = 'down';
    if (kind === 'factoryReset') this.phone.factoryReset();
    this.phone.onReboot();
    this.nonce = randomBytes(16).toString('hex');
    void this.closeListener().then(() => {
      this.emit('down', kind);
      if (this.phone.opts.stayDown) return;
      this.later(this.phone.opts.rebootDownMs ?? 3000, () => void this.comeBack());
    });
  }

  private async comeBack(): Promise<void> {
    if (this.stopping) return;
    if (this.phone.opts.bootOnReboot !== false) await this.bootAgainstServer();
    for (let attempt = 0; attempt < 20 && !this.stopping; attempt++) {
      try {
        await this.listen(this.boundPort);
        this.emit('up');
        return;
      } catch {
        await new Promise((r) => this.later(250, () => r(undefined)));
      }
    }
  }

  private async bootAgainstServer(): Promise<void> {
    const target = this.phone.bootUrl();
    if (!target.url) {
      this.emit('boot', { error: target.reason ?? 'no provisioning server', at: Date.now() });
      return;
    }
    try {
      // A flashed image: the phone reboots into it and boots again (at most twice more).
      for (let boot = 0; boot < 3; boot++) {
        const result = await simulatePolycomBoot({
          server: target.url, mac: this.phone.mac, model: this.phone.model.code, appVersion: this.phone.appVersion, updaterVersion: this.phone.updaterVersion, timeoutMs: 5000,
          tagSerialNo: this.phone.params[PROV_PARAMS.tagSerialNo] === '1',
          ...(target.protocol ? { protocol: target.protocol } : {}),
          ...(this.phone.opts.flashFirmware ? { firmware: flashingHooks(this.phone, this.phone.opts.flashMs, this.phone.opts.flashGate, this.phone.opts.readVersionFile) } : {}),
        });
        this.boots.push(result);
        this.emit('boot', result);
        if (result.outcome !== 'flashed' || this.stopping) break;
      }
    } catch (err) {
      const e = { error: (err as Error).message, at: Date.now() };
      this.boots.push(e);
      this.emit('boot', e);
    }
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async listen(port: number): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res);
    const server = this.opts.https
      ? createHttpsServer({ ...this.cert!, ...(this.opts.https === 'old' ? { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1' as const, ciphers: 'AES128-SHA:@SECLEVEL=0' } : {}) }, handler)
      : createHttpServer(handler);
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.opts.bind, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.state = 'up';
  }

  private async closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.phone.opts.hang) return; // accept, never answer
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const sreq: SimRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const ctx = { phone: this.phone, ip: this.phone.opts.ip ?? this.opts.bind };
      let out: SimResponse | undefined;
      try {
        out = handleRest({ ...ctx, nonce: this.nonce, realm: 'Polycom REST API' }, sreq) ?? handleWeb(ctx, sreq);
      } catch (err) {
        out = { status: 500, body: `Internal error: ${(err as Error).message}` };
      }
      out ??= { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body>404 Not Found</body></html>' };
      res.writeHead(out.status, { Server: POLYCOM_SERVER_HEADER, 'Content-Length': Buffer.byteLength(out.body), Connection: 'close', ...(out.headers ?? {}) });
      const after = out.after;
      res.end(out.body, () => {
        this.emit('request', { method: sreq.method, path, status: out!.status });
        if (after === 'savedReboot') this.scheduleSavedReboot();
        else if (after) setTimeout(() => this.reboot(after), 50);
      });
    });
  }

  /** Seed Step 9: "Click Save. The phone should restart within 1 minute." (when configured). */
  private scheduleSavedReboot(): void {
    const ms = this.phone.opts.rebootAfterSaveMs;
    if (ms === undefined || this.savedReboot) return;
    this.savedReboot = setTimeout(() => {
      this.savedReboot = undefined;
      this.reboot('reboot');
    }, ms);
  }
}
