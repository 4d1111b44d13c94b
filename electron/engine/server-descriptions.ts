/**
 * What each provisioning server is started with and shows, from its effective settings: the
 * listening address, the server's options, the options shown on the Servers page, and the boot
 * server URL a phone is given (default ports left out: HTTP 80, HTTPS 443, FTP 21, TFTP 69).
 */
import type { FtpServerOptions } from './provisioning/ftp/options';
import type { HttpServerOptions } from './provisioning/http-server';
import type { TftpServerOptions } from './provisioning/tftp/server-options';
import type { SecretStore } from './secrets';
import type { FtpSettings, HttpSettings, HttpsSettings, TftpSettings } from './settings';
import type { BenchCa } from './tls/bench-ca';
import { serverMaterial } from './tls/tls-material';
import { COMPAT_PHONES } from './tls/tls-policy';

/**
 * The HTTP server.
 * @param s effective HTTP settings (path prefix with or without slashes)
 * @returns bind, port, server options, shown options and the URL builder `(host, port) → http://…/prefix/`
 */
export function describeHttp(s: HttpSettings) {
  const prefix = s.pathPrefix.replace(/^\/+|\/+$/g, '');
  const options: HttpServerOptions = {
    bind: s.bind,
    port: s.port,
    pathPrefix: prefix,
    ...(s.authUser ? { basicAuth: { user: s.authUser, password: s.authPassword } } : {}),
  };
  return {
    bind: s.bind,
    port: s.port,
    options,
    shown: { pathPrefix: prefix ? `/${prefix}` : '', basicAuth: Boolean(s.authUser) },
    url: (host: string, port: number) => `http://${host}${port === 80 ? '' : `:${port}`}/${prefix ? `${prefix}/` : ''}`,
  };
}

/** What the HTTPS description needs from the engine: the bench CA, the secrets, the CA's path. */
export interface HttpsDeps {
  bench: () => Promise<BenchCa>;
  secrets: SecretStore;
  caCertPath: string;
}

/**
 * The HTTPS server: the HTTP server's root, prefix and credentials, over TLS (TLS 1.2-1.3, or
 * 1.0-1.3 with the compatibility switch; certificate from the bench CA or the user's own).
 * @returns as {@link describeHttp}, with the TLS material loaded when the server starts
 */
export function describeHttps(http: HttpSettings, s: HttpsSettings, deps: HttpsDeps) {
  const h = describeHttp(http);
  const options: HttpServerOptions = {
    ...h.options,
    bind: s.bind,
    port: s.port,
    tls: { compat: s.compat, material: () => serverMaterial(s, deps.bench, deps.secrets) },
  };
  const prefix = h.options.pathPrefix;
  return {
    bind: s.bind,
    port: s.port,
    options,
    shown: {
      ...h.shown,
      tlsVersions: s.compat ? 'TLS 1.0-1.3 (compatibility for older phones)' : 'TLS 1.2-1.3',
      compat: s.compat,
      ...(s.compat ? { compatibilityFor: COMPAT_PHONES } : {}),
      certSource: s.certSource,
      certificate: s.certSource === 'own' ? s.ownCert : deps.caCertPath,
      certNames: s.certNames,
      ...(s.certSource === 'own' ? { ownCert: s.ownCert, ownKey: s.ownKey } : {}),
      clientCa: s.clientCa,
    },
    url: (host: string, port: number) => `https://${host}${port === 443 ? '' : `:${port}`}/${prefix ? `${prefix}/` : ''}`,
  };
}

/**
 * The FTP server (passive ports `pasvMin`-`pasvMax`, the factory account on or off).
 * @returns as {@link describeHttp}, URL `ftp://host[:port]/`
 */
export function describeFtp(s: FtpSettings) {
  const options: FtpServerOptions = {
    bind: s.bind,
    port: s.port,
    pasvMin: s.pasvMin,
    pasvMax: s.pasvMax,
    factoryAccount: s.factoryAccount,
  };
  return {
    bind: s.bind,
    port: s.port,
    options,
    shown: { factoryAccount: s.factoryAccount, passivePorts: `${s.pasvMin}-${s.pasvMax}` },
    url: (host: string, port: number) => `ftp://${host}${port === 21 ? '' : `:${port}`}/`,
  };
}

/**
 * The TFTP server (transfers at once, largest RFC 7440 `windowsize`, retransmission).
 * @returns as {@link describeHttp}, URL `tftp://host[:port]/`
 */
export function describeTftp(s: TftpSettings) {
  const options: TftpServerOptions = {
    bind: s.bind,
    port: s.port,
    maxTransfers: s.maxTransfers,
    maxWindowsize: s.maxWindowsize,
    retransmitMs: s.retransmitMs,
    maxRetries: s.maxRetries,
  };
  return {
    bind: s.bind,
    port: s.port,
    options,
    shown: { maxTransfers: s.maxTransfers, maxWindowsize: s.maxWindowsize ?? 64 },
    url: (host: string, port: number) => `tftp://${host}${port === 69 ? '' : `:${port}`}/`,
  };
}
