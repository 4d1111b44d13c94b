/**
 * The TLS rules of the HTTPS provisioning server: which protocol versions and cipher suites it
 * accepts, and why a handshake failed, in words a technician can act on.
 * - Default: TLS 1.2 and 1.3 only (RFC 8996 deprecates TLS 1.0 and 1.1).
 * - Compatibility switch: TLS 1.0 and 1.1 with the named CBC suites older phones offer. OpenSSL 3
 *   refuses TLS 1.0/1.1 at its default security level 1, so the cipher string ends `@SECLEVEL=0`
 *   (OpenSSL `SSL_CTX_set_security_level` manual page).
 * Which phones need it: those whose firmware offers only TLS 1.0/1.1 — older Polycom SoundPoint IP
 * and SoundStation IP firmware (SIP 3.x, UC Software before the `device.sec.TLS.protocol.prov`
 * parameter existed; docs/sources.md "HTTPS provisioning"). Not verified per model: a phone that
 * needs it shows "protocol version" or "no shared cipher" on its timeline, which is the evidence.
 */
import type { TlsOptions } from 'node:tls';

export { COMPAT_PHONES } from '../../../shared/tls-compat';

/** Cipher suites added by the compatibility switch (OpenSSL names; RSA key exchange and CBC for TLS 1.0 clients). */
export const COMPAT_CIPHERS = ['ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA'];

/**
 * The Node TLS options for a protocol policy.
 * @param compat accept TLS 1.0/1.1 with the named older cipher suites
 * @returns `minVersion` and `ciphers` for `tls.createServer`/`https.createServer`
 */
export function tlsPolicy(compat: boolean): Pick<TlsOptions, 'minVersion' | 'ciphers' | 'honorCipherOrder'> {
  if (!compat) return { minVersion: 'TLSv1.2' };
  return { minVersion: 'TLSv1', ciphers: `DEFAULT:${COMPAT_CIPHERS.join(':')}:@SECLEVEL=0`, honorCipherOrder: true };
}

/** Why a handshake failed, classified. */
export type TlsFailureKind = 'unknown-ca' | 'certificate-expired' | 'bad-certificate' | 'protocol-version' | 'no-shared-cipher' | 'client-cert-missing' | 'client-cert-untrusted' | 'not-tls' | 'other';

/** A classified handshake failure. */
export interface TlsFailure {
  kind: TlsFailureKind;
  /** One sentence: what happened and what to do. */
  reason: string;
}

/**
 * Classify a server-side handshake error (`tlsClientError`) from OpenSSL's reason code or text.
 * @param err the error Node passes to `tlsClientError`
 * @param compat whether the compatibility switch was on (changes the advice for protocol errors)
 */
export function classifyTlsError(err: NodeJS.ErrnoException & { reason?: string }, compat: boolean): TlsFailure {
  const text = `${err.code ?? ''} ${err.reason ?? ''} ${err.message}`.toLowerCase();
  if (/unknown[ _]ca/.test(text)) return { kind: 'unknown-ca', reason: 'unknown CA: the phone does not trust the server certificate; give it the bench CA (ca.pem) over HTTP first' };
  if (/certificate[ _]expired/.test(text)) return { kind: 'certificate-expired', reason: 'certificate expired: the phone says the server certificate is out of date (or its clock is wrong: check its time server)' };
  if (/peer did not return a certificate|peer_did_not_return/.test(text)) return { kind: 'client-cert-missing', reason: 'client certificate missing: mutual TLS is on and the phone sent no certificate' };
  if (/certificate verify failed|certificate_verify_failed/.test(text)) return { kind: 'client-cert-untrusted', reason: 'client certificate untrusted: the phone\'s certificate is not signed by the client CA set for mutual TLS' };
  if (/bad[ _]certificate|unsupported[ _]certificate|certificate[ _]unknown/.test(text)) return { kind: 'bad-certificate', reason: 'bad certificate: the phone refused the server certificate (name or address not in it, or a key or signature it cannot use)' };
  if (/http[ _]request|packet[ _]length[ _]too[ _]long|unknown[ _]protocol/.test(text)) return { kind: 'not-tls', reason: 'not TLS: the client spoke plain HTTP (or something else) to the HTTPS port' };
  if (/unsupported[ _]protocol|protocol[ _]version|wrong[ _]version|version too low/.test(text)) {
    return { kind: 'protocol-version', reason: compat ? 'protocol version: the phone offers no TLS version this server accepts (not even TLS 1.0)' : 'protocol version: the phone offers only TLS 1.0/1.1; turn on the compatibility switch for older phones' };
  }
  if (/no[ _]shared[ _]cipher|no_cipher|handshake failure|sslv3_alert_handshake_failure/.test(text)) {
    return { kind: 'no-shared-cipher', reason: compat ? 'no shared cipher: the phone offers no cipher suite this server accepts' : 'no shared cipher: the phone offers only older cipher suites; turn on the compatibility switch for older phones' };
  }
  return { kind: 'other', reason: `TLS handshake failed: ${err.reason ?? err.message}` };
}
