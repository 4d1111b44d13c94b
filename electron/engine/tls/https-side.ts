/**
 * The engine's HTTPS side: the data folder's bench CA (opened on first use), what a configuration
 * rendered now can carry for "HTTP first, then HTTPS", and the renewal of the running HTTPS
 * server's bench certificate before it expires.
 */
import { readFileSync } from 'node:fs';
import type { ServerStatus } from '../../../shared/dto';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';
import type { HttpsSettings } from '../settings';
import type { SecureBootstrap } from '../provisioning/templates/template-context';
import { BenchCa, tlsPaths } from './bench-ca';
import { certificateNames } from './tls-material';

/** What the HTTPS side needs from the engine. */
export interface HttpsSideDeps {
  dataDir: string;
  secrets: SecretStore;
  logger: Logger;
  /** The HTTPS settings in effect (settings.json with overrides). */
  settings: () => HttpsSettings;
  /** The HTTPS server's status, and a restart of it. */
  server: { status(): ServerStatus; readonly listening: boolean; restart(): Promise<unknown> };
}

/** Bench CA, "HTTP first, then HTTPS" material and certificate renewal of one engine. */
export class HttpsSide {
  private benchCa: Promise<BenchCa> | undefined;

  constructor(private readonly deps: HttpsSideDeps) {}

  /** Path of the bench CA certificate phones and `curl --cacert` are given (`<data>/tls/ca.pem`). */
  get caCertPath(): string {
    return tlsPaths(this.deps.dataDir).ca;
  }

  /**
   * The data folder's bench CA, created on first use.
   * @throws SecretError when its sealed key cannot be opened here
   */
  bench(): Promise<BenchCa> {
    this.benchCa ??= BenchCa.open(this.deps.dataDir, this.deps.secrets).catch((err: unknown) => {
      this.benchCa = undefined;
      throw err;
    });
    return this.benchCa;
  }

  /**
   * What a configuration rendered now can carry for "HTTP first, then HTTPS".
   * @returns the bench CA (PEM) and the HTTPS server's `host:port[/prefix]`, or why not (a sentence)
   */
  secureBootstrap(): SecureBootstrap | string {
    const st = this.deps.server.status();
    if (st.state !== 'listening' || !st.url) return 'the HTTPS server is not listening (start it on the Servers page)';
    if (this.deps.settings().certSource !== 'bench') return 'the HTTPS server uses your own certificate: give the phones its CA yourself (device.sec.TLS.customCaCert1)';
    let caCert: string;
    try {
      caCert = readFileSync(this.caCertPath, 'utf8').trim();
    } catch {
      return `the bench CA ${this.caCertPath} cannot be read`;
    }
    return { caCert, httpsServer: st.url.replace(/^https:\/\//, '').replace(/\/$/, '') };
  }

  /**
   * Restart the HTTPS server when its bench certificate is due for renewal (bench-ca.ts), so a
   * server left running for months never serves an expired certificate.
   * @param now the time to judge at (ms since the epoch)
   * @returns whether it was restarted; never throws (a failed check is logged)
   */
  async renewIfDue(now = Date.now()): Promise<boolean> {
    const s = this.deps.settings();
    if (!this.deps.server.listening || s.certSource !== 'bench') return false;
    try {
      if (!(await (await this.bench()).renewalDue(certificateNames(s), now))) return false;
    } catch (err) {
      this.deps.logger.warn(`HTTPS certificate renewal check failed: ${(err as Error).message}`);
      return false;
    }
    this.deps.logger.info('HTTPS server certificate is due for renewal: restarting the HTTPS server with a new one');
    await this.deps.server.restart();
    return true;
  }
}
