/**
 * FTP provisioning server accounts and lifecycle against real clients (curl, lftp): the factory
 * account switched off, extra accounts, anonymous logins, the PASV address when bound to 0.0.0.0,
 * listen errors, and a stop that closes connected clients.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FTP_LOGINS_OFF_MESSAGE, type FtpServerOptions } from '../../electron/engine/provisioning/ftp/options';
import { FtpProvisioningServer } from '../../electron/engine/provisioning/ftp/server';
import { RawFtp } from '../helpers/ftp-client';
import { curlFtp, lftpAt, until } from '../helpers/ftp-peers';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';

const BASE_OPTS: FtpServerOptions = { bind: '127.0.0.1', port: 0, pasvMin: 0, pasvMax: 0, factoryAccount: true };
let fx: ProvisioningFixture;

beforeAll(async () => {
  fx = await provisioningFixture([{ mac: '0004f2aabbcc', model: 'VVX400', label: 'Desk', user: '2001', sipServer: 'pbx.test' }]);
  await writeFile(join(fx.root, 'sip.ld'), 'firmware');
});

afterAll(async () => {
  if (fx) await rm(fx.dir, { recursive: true, force: true });
});

describe('FTP accounts and lifecycle', () => {
  it('refuses PlcmSpIp when the factory account is off, with a clear message; extra accounts work', async () => {
    const s = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const p = await s.start({ ...BASE_OPTS, factoryAccount: false, accounts: [{ user: 'tech', password: 's3cret' }] });
    try {
      const factory = await curlFtp(`ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${p}/000000000000.cfg`);
      expect(factory.code).toBe(67);
      const tech = await curlFtp(`ftp://tech:s3cret@127.0.0.1:${p}/000000000000.cfg`);
      expect(tech.code).toBe(0);
      expect(tech.stdout).toContain('<APPLICATION');
    } finally {
      await s.stop();
    }
    const none = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const p2 = await none.start({ ...BASE_OPTS, factoryAccount: false });
    try {
      const r = await curlFtp('-v', `ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${p2}/000000000000.cfg`);
      expect(r.code).toBe(67);
      expect(r.stderr).toContain(FTP_LOGINS_OFF_MESSAGE);
    } finally {
      await none.stop();
    }
  });

  it('accepts anonymous logins only when allowed', async () => {
    const s = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const p = await s.start({ ...BASE_OPTS, factoryAccount: false, allowAnonymous: true });
    try {
      const anon = await curlFtp(`ftp://127.0.0.1:${p}/000000000000.cfg`);
      expect(anon.code).toBe(0);
      expect(anon.stdout).toContain('<APPLICATION');
      expect((await curlFtp(`ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${p}/000000000000.cfg`)).code).toBe(67);
    } finally {
      await s.stop();
    }
  });

  it('hands out the connection address in PASV when bound to 0.0.0.0, and a pasvUrl otherwise', async () => {
    const s = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const p = await s.start({ ...BASE_OPTS, bind: '0.0.0.0' });
    try {
      const { ftp } = await RawFtp.connect(p);
      await ftp.login('PlcmSpIp', 'PlcmSpIp');
      expect((await ftp.send('PASV')).text).toMatch(/^227 .*\(127,0,0,1,\d+,\d+\)/);
      ftp.close();
      const r = await lftpAt(p, 'cls -1');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('sip.ld');
    } finally {
      await s.stop();
    }
  });

  it('reports listen errors (EADDRINUSE) and stops promptly, closing the port', async () => {
    const a = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const p = await a.start(BASE_OPTS);
    const b = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
    await expect(b.start({ ...BASE_OPTS, port: p })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(b.start({ ...BASE_OPTS, pasvMin: 5000, pasvMax: 4000 })).rejects.toThrow(/range/);
    const { ftp } = await RawFtp.connect(p);
    await ftp.login('PlcmSpIp', 'PlcmSpIp');
    // stop() closes connected clients itself: were it to wait for them to quit, it would never resolve.
    await a.stop();
    await until(() => ftp.isClosed);
    expect((await curlFtp(`ftp://PlcmSpIp:PlcmSpIp@127.0.0.1:${p}/000000000000.cfg`)).code).toBe(7); // connection refused
  });
});
