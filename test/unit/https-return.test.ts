/**
 * The "HTTP first, then HTTPS" judge (shared/https-return.ts) on hand-made request rows: each
 * stage only on its evidence, failed handshakes with what to do, "not verified" past the deadline.
 */
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import { judgeHttpsReturn, tlsFailureFix, wantsHttpsFirst } from '../../shared/https-return';

const MAC = '0004f2f10101';
let id = 0;
function row(time: number, protocol: RequestEvent['protocol'], method: string, path: string, status: number, extra: Partial<RequestEvent> = {}): RequestEvent {
  return {
    id: ++id, time, protocol, client: '10.0.0.23', method, path, status, ok: status < 400, bytesSent: 0, bytesReceived: 0, durationMs: 5,
    fileKind: /-provkit\.cfg$/.test(path) ? 'config' : 'other', phone: { mac: MAC }, ...extra,
  };
}
const T0 = 1_700_000_000_000;
const judge = (rows: RequestEvent[], now = T0 + 60_000, deadline = T0 + 600_000) => judgeHttpsReturn({ since: T0, now, deadline, rows });
const withCa = () => row(T0 + 1000, 'http', 'GET', `/${MAC}-provkit.cfg`, 200, { source: 'rendered', httpsBootstrap: true });

describe('judgeHttpsReturn', () => {
  it('waits for the CA, then for HTTPS; rows before the start do not count', () => {
    const old = row(T0 - 5000, 'https', 'GET', `/${MAC}.cfg`, 200);
    expect(judge([old])).toMatchObject({ outcome: 'waiting', received: { state: 'active' }, back: { state: 'waiting' } });
    expect(judge([old, withCa()])).toMatchObject({ outcome: 'waiting', received: { state: 'done', at: T0 + 1000 }, back: { state: 'active' } });
    const back = row(T0 + 9000, 'https', 'GET', `/${MAC}.cfg`, 200);
    expect(judge([withCa(), back])).toMatchObject({ outcome: 'https', back: { state: 'done', at: T0 + 9000, detail: `GET ${MAC}.cfg over HTTPS → 200` } });
  });

  it('a configuration served over HTTP without the CA is a problem, not progress', () => {
    const bare = row(T0 + 1000, 'http', 'GET', `/${MAC}-provkit.cfg`, 200, { source: 'rendered' });
    const j = judge([bare]);
    expect(j.received.state).toBe('failed');
    expect(j.received.detail).toMatch(/without the bench CA: the HTTPS server was not listening/);
    expect(judge([bare], T0 + 700_000).lookAt).toMatch(/never served this phone a configuration with the bench CA/);
  });

  it('a failed handshake is shown until an HTTPS request follows it', () => {
    const failed = row(T0 + 5000, 'https', 'TLS', '/', 525, { error: 'protocol version: the phone offers only TLS 1.0/1.1; turn on the compatibility switch for older phones' });
    const j = judge([withCa(), failed]);
    expect(j.back).toMatchObject({ state: 'failed', at: T0 + 5000 });
    expect(j.tls?.fix).toMatch(/compatibility switch/);
    expect(judge([withCa(), failed], T0 + 700_000)).toMatchObject({ outcome: 'not-verified', back: { state: 'failed' }, lookAt: expect.stringMatching(/^The phone tried HTTPS and its handshake failed: protocol version/) });
    const ok = judge([withCa(), failed, row(T0 + 8000, 'https', 'GET', `/${MAC}.cfg`, 200)]);
    expect(ok).toMatchObject({ outcome: 'https', back: { state: 'done' } });
    expect(ok.tls).toBeUndefined();
  });

  it('an HTTPS request before the CA was served over HTTP does not count after it; straight HTTPS skips the first stage', () => {
    expect(judge([row(T0 + 500, 'https', 'GET', `/${MAC}.cfg`, 200), withCa()]).back.state).toBe('active');
    expect(judge([row(T0 + 500, 'https', 'GET', `/${MAC}.cfg`, 200)])).toMatchObject({ outcome: 'https', received: { state: 'skipped' } });
  });

  it('past the deadline with nothing: not verified, both stages say so', () => {
    expect(judge([], T0 + 700_000)).toMatchObject({ outcome: 'not-verified', received: { state: 'unverified' }, back: { state: 'unverified' } });
  });
});

describe('tlsFailureFix and wantsHttpsFirst', () => {
  it('says what to do per logged reason', () => {
    expect(tlsFailureFix('unknown CA: …', false)).toMatch(/has not received the bench CA yet/);
    expect(tlsFailureFix('certificate expired: …', true)).toMatch(/date and time/);
    expect(tlsFailureFix('client certificate missing: …', true)).toMatch(/Mutual TLS is on/);
    expect(tlsFailureFix('no shared cipher: …', true)).toMatch(/compatibility switch/);
  });
  it('applies only to ProvKit’s HTTP server as target', () => {
    expect(wantsHttpsFirst({ httpsFirst: true, target: { kind: 'provkit', server: 'http' } })).toBe(true);
    expect(wantsHttpsFirst({ httpsFirst: true, target: { kind: 'provkit', server: 'ftp' } })).toBe(false);
    expect(wantsHttpsFirst({ httpsFirst: true, target: { kind: 'provider', type: 'http', server: '72.245.184.168/mpv' } })).toBe(false);
    expect(wantsHttpsFirst({ target: { kind: 'provkit', server: 'http' } })).toBe(false);
  });
});
