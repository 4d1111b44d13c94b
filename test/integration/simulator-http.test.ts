import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { simulatePolycomBoot, SimulationError } from '../../electron/engine/simulator/polycom-boot';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';

const MAC = '0004f2aabbcc';
let fx: ProvisioningFixture;
let server: HttpProvisioningServer;
let base: string;

beforeAll(async () => {
  fx = await provisioningFixture([{ mac: MAC, model: 'VVX400', user: '2001' }]);
  await writeFile(join(fx.root, '3111-46157-002.sip.ld'), Buffer.alloc(200_000, 7));
  server = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
  base = `http://127.0.0.1:${await server.start({ bind: '127.0.0.1', port: 0, pathPrefix: '' })}/`;
});
afterAll(() => server?.stop());

describe('simulated Polycom boot over HTTP', () => {
  it('follows the real sequence for an inventory phone', async () => {
    const r = await simulatePolycomBoot({ server: base, mac: '00:04:F2:AA:BB:CC', model: 'VVX400' });
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => `${s.stage[0]} ${s.method} ${s.file} ${s.status}`)).toEqual([
      'U GET 3111-46157-002.bootrom.ld 404',
      'U GET bootrom.ld 404',
      `U GET ${MAC}.cfg 200`,
      'U GET 3111-46157-002.sip.ld 200',
      `U PUT ${MAC}-boot.log 201`,
      `A GET ${MAC}.cfg 200`,
      `A GET ${MAC}-provkit.cfg 200`,
      `A GET ${MAC}-phone.cfg 404`,
      `A GET ${MAC}-web.cfg 404`,
      'A GET 000000000000-license.cfg 404',
      `A GET ${MAC}-license.cfg 404`,
      `A GET ${MAC}-directory.xml 404`,
      'A GET 000000000000-directory.xml 404',
      `A GET ${MAC}-calls.xml 404`,
      `A HEAD ${MAC}-app.log 404`,
      `A PUT ${MAC}-app.log 201`,
    ]);
    expect(r.firmware).toEqual({ file: '3111-46157-002.sip.ld', status: 200, bytes: 200_000 });
    const tl = fx.log.timeline(MAC);
    expect(tl).toHaveLength(16);
    expect(tl[0]!.userAgent).toBe('FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 Type/Updater');
    expect(tl.at(-1)!.phone).toMatchObject({ stage: 'Application', firmware: '5.9.6.2327', model: 'VVX400' });
    expect(tl.every((e) => e.phone.mac === MAC)).toBe(true);
  });

  it('falls back to 000000000000.cfg for an unknown phone, with the (SN:) tag', async () => {
    const r = await simulatePolycomBoot({ server: base, mac: '0004f2000001', model: 'SPIP650', tagSerialNo: true });
    expect(r.ok).toBe(true);
    const files = r.steps.map((s) => `${s.file} ${s.status}`);
    expect(files.slice(0, 5)).toEqual(['2345-12600-001.bootrom.ld 404', 'bootrom.ld 404', '0004f2000001.cfg 404', '000000000000.cfg 200', '2345-12600-001.sip.ld 404']);
    expect(r.configFiles).toEqual(['0004f2000001-provkit.cfg']);
    const sipLd = fx.log.recent().find((e) => e.path === '/2345-12600-001.sip.ld')!;
    expect(sipLd.phone).toMatchObject({ mac: '0004f2000001', macSource: 'user-agent', model: 'SPIP650' });
  });

  it('fails loudly when the server is unreachable', async () => {
    await expect(simulatePolycomBoot({ server: 'http://127.0.0.1:9/', mac: MAC, model: 'VVX400', timeoutMs: 2000 })).rejects.toThrow(SimulationError);
  });

  it('reports a malformed master and a missing CONFIG_FILES entry', async () => {
    const fx2 = await provisioningFixture();
    const s2 = new HttpProvisioningServer(fx2.resolver, fx2.log, fx2.logger);
    const url = `http://127.0.0.1:${await s2.start({ bind: '127.0.0.1', port: 0, pathPrefix: '' })}/`;
    try {
      await writeFile(join(fx2.root, '000000000000.cfg'), '<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="site.cfg"></APPLICATION>');
      const r = await simulatePolycomBoot({ server: url, mac: MAC, model: 'VVX400' });
      expect(r.ok).toBe(false);
      expect(r.problems[0]).toMatch(/site\.cfg answered 404/);
      await writeFile(join(fx2.root, '000000000000.cfg'), '<APPLICATION APP_FILE_PATH="sip.ld"');
      await expect(simulatePolycomBoot({ server: url, mac: MAC, model: 'VVX400' })).rejects.toThrow(/not well-formed XML/);
    } finally {
      await s2.stop();
    }
  });
});
