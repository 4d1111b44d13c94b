import type { IncomingMessage } from 'node:http';
import { mkdtemp, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exposureWarning, hasToken, hostAllowed, loadOrCreateToken, readToken, sessionCookie } from '../../electron/engine/api/ui-auth';

const req = (headers: Record<string, string>, url = '/api/listPhones') => ({ headers, url }) as unknown as IncomingMessage;
const TOKEN = 'a'.repeat(64);

describe('UI access token', () => {
  it('is created once per data folder, 64 hex digits, mode 0600; a loose file is tightened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-token-'));
    const t = await loadOrCreateToken(dir);
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(await loadOrCreateToken(dir)).toBe(t);
    expect((await stat(join(dir, 'ui-token'))).mode & 0o777).toBe(0o600);
    await chmod(join(dir, 'ui-token'), 0o644);
    expect(await readToken(dir)).toBe(t);
    expect((await stat(join(dir, 'ui-token'))).mode & 0o777).toBe(0o600);
    await writeFile(join(dir, 'ui-token'), 'not a token\n');
    await expect(readToken(dir)).rejects.toThrow(/does not hold a ProvKit UI token/);
  });

  it('is taken from the Bearer header or the port-named cookie; the query only where allowed (WebSocket)', () => {
    expect(hasToken(req({ authorization: `Bearer ${TOKEN}` }), TOKEN, 7780)).toBe(true);
    expect(hasToken(req({ authorization: `Bearer ${'b'.repeat(64)}` }), TOKEN, 7780)).toBe(false);
    expect(hasToken(req({ authorization: `Basic ${TOKEN}` }), TOKEN, 7780)).toBe(false);
    expect(hasToken(req({ cookie: `x=1; provkit-token-7780=${TOKEN}` }), TOKEN, 7780)).toBe(true);
    expect(hasToken(req({ cookie: `provkit-token-7781=${TOKEN}` }), TOKEN, 7780)).toBe(false);
    expect(hasToken(req({}, `/api/events?token=${TOKEN}`), TOKEN, 7780)).toBe(false);
    expect(hasToken(req({}, `/api/events?token=${TOKEN}`), TOKEN, 7780, true)).toBe(true);
    expect(sessionCookie(7780, TOKEN)).toBe(`provkit-token-7780=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('answers IP literals, localhost and allowed names only', () => {
    for (const h of ['127.0.0.1:7780', '192.168.1.10:7780', '[::1]:7780', 'localhost:7780', 'LOCALHOST', 'app.localhost:1']) expect(hostAllowed(h, []), h).toBe(true);
    for (const h of ['evil.example:7780', 'provkit.lan:7780', '', 'a b', '127.0.0.1.nip.io:7780']) expect(hostAllowed(h, []), h).toBe(false);
    expect(hostAllowed(undefined, [])).toBe(false);
    expect(hostAllowed('Provkit.LAN:7780', ['provkit.lan'])).toBe(true);
  });

  it('warns for a UI bound beyond loopback, naming the risk', () => {
    expect(exposureWarning('127.0.0.1')).toBeUndefined();
    expect(exposureWarning('0.0.0.0')).toMatch(/beyond this computer.*export SIP passwords/);
  });
});
