/**
 * Every operation against every dialect (docs/sources.md §3), over plain HTTP, HTTPS with a self-signed
 * certificate, HTTPS with an old one (TLS 1.0, RSA 1024/SHA-1) and REST with Digest: the dialect is
 * found by probing, the right password of a list is found, info is read, the provisioning server is
 * written and read back, and reboot / restart / factory reset really take the phone away and back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectPolycom } from '../../electron/engine/phones/polycom/connect';
import { waitForReboot } from '../../electron/engine/phones/verify';
import type { SimulatedPhoneServer } from '../../electron/engine/simulator/polycom-web/server';
import { FACTORY_PARAMS } from '../../electron/engine/simulator/polycom-web/sim-phone';
import type { PhoneDialect } from '../../shared/phone-web';
import { endpointOf, nextEvent, startSimPhone, stopSimPhones } from '../helpers/sim-phones';

afterAll(stopSimPhones);

const CASES: Array<{ name: string; dialect: PhoneDialect; https?: 'modern' | 'old'; digest?: boolean; app?: string; password: string }> = [
  { name: 'legacy web UI over HTTP', dialect: 'legacy', password: '456' },
  { name: 'legacy web UI over HTTPS with an old TLS 1.0 certificate', dialect: 'legacy', https: 'old', password: 'Adm1n' },
  { name: 'UC 6 web UI over HTTPS (self-signed)', dialect: 'ucs6', https: 'modern', password: '456' },
  { name: 'REST API with Basic (UC 5.9 device info)', dialect: 'rest', password: 'S3cure', app: '5.9.6.2327' },
  { name: 'REST API with Digest (UC 5.6 device info)', dialect: 'rest', digest: true, password: 'S3cure', app: '5.6.3.1155' },
];

const fast = { pollMs: 50, downTimeoutMs: 5000, upTimeoutMs: 8000 };

describe.each(CASES)('$name', ({ dialect, https, digest, app, password }) => {
  let sim: SimulatedPhoneServer;
  const mac = `0004f2e4${String(CASES.findIndex((c) => c.dialect === dialect && c.https === https && c.digest === digest)).padStart(4, '0')}`;

  it('probes the dialect, tries the passwords in order, reads the phone', async () => {
    sim = await startSimPhone({ dialect, mac, password, ...(digest ? { digest } : {}), ...(app ? { appVersion: app } : {}), model: 'VVX410' }, https ? { https } : {});
    const { client, passwordIndex } = await connectPolycom(endpointOf(sim), { passwords: ['Wrong1', password] });
    try {
      expect(client.dialect).toBe(dialect);
      expect(passwordIndex).toBe(1);
      const info = await client.getInfo();
      expect(info).toMatchObject({ mac, model: 'VVX 410', modelCode: 'VVX410', ip: '127.0.0.1', appVersion: sim.phone.appVersion, dialect, https: Boolean(https), port: sim.port });
      if (dialect !== 'rest') expect(info).toMatchObject({ partNumber: '3111-46162-001', updaterVersion: sim.phone.updaterVersion });
      else if (app!.startsWith('5.9')) expect(info.updaterVersion).toBe(sim.phone.updaterVersion);
      else expect(info.updaterVersion).toBeUndefined(); // before 5.7 device info has no Updater
      const prov = await client.getProvisioning();
      expect(prov).toMatchObject({ serverType: 'ftp', serverName: '', user: 'PlcmSpIp', passwordSet: true, bootServer: 'custom+66', bootServerOption: 160 });
    } finally {
      client.close();
    }
  });

  it('sets the provisioning server (Figure 54 fields, Boot Server = Static) and reads it back', async () => {
    const { client } = await connectPolycom(endpointOf(sim), { passwords: [password] });
    try {
      const got = await client.setProvisioning({ type: 'http', server: '127.0.0.1:9/mpv', user: '2188', password: 'vm-pass', tagSerialNo: true });
      expect(got).toMatchObject({ serverType: 'http', serverName: '127.0.0.1:9/mpv', user: '2188', passwordSet: true, bootServer: 'static', tagSerialNo: true });
      expect(sim.phone.params).toMatchObject({ 'device.prov.serverType': '2', 'device.prov.serverName': '127.0.0.1:9/mpv', 'device.prov.password': 'vm-pass', 'device.dhcp.bootSrvUseOpt': '2' });
      // The same values again: the phone answers CONF_NO_CHANGE / 2000 and the read-back still verifies.
      await expect(client.setProvisioning({ type: 'http', server: '127.0.0.1:9/mpv', user: '2188' })).resolves.toMatchObject({ serverName: '127.0.0.1:9/mpv' });
    } finally {
      client.close();
    }
  });

  it.each(['restart', 'reboot'] as const)('%s: the web server really goes away and comes back', async (op) => {
    const { client } = await connectPolycom(endpointOf(sim), { passwords: [password] });
    const down = nextEvent<string>(sim, 'down');
    await client[op]();
    client.close();
    const steps: string[] = [];
    const r = await waitForReboot(endpointOf(sim), { ...fast, onProgress: (p) => steps.push(p.phase) });
    expect(await down).toBe(op);
    expect(r.upAfterMs).toBeGreaterThan(r.downAfterMs);
    expect(steps).toEqual(expect.arrayContaining(['waiting-down', 'down', 'up']));
    // It booted against the server it was set to (nothing listens on port 9: the boot fails, as it would).
    expect(sim.boots.at(-1)).toMatchObject({ error: expect.stringMatching(/127\.0\.0\.1:9/) });
  });

  it('factory reset restores the factory settings and the admin password 456', async () => {
    const { client } = await connectPolycom(endpointOf(sim), { passwords: [password] });
    await client.factoryReset();
    client.close();
    await waitForReboot(endpointOf(sim), fast);
    expect(sim.phone.params).toEqual(FACTORY_PARAMS);
    expect(sim.phone.password).toBe('456');
    // The factory password works again (REST refuses it with 4010: the probe falls back to the web UI).
    const { client: again } = await connectPolycom(endpointOf(sim), { passwords: [password, '456'] });
    try {
      expect(again.dialect).toBe(dialect === 'rest' ? 'legacy' : dialect);
      expect((await again.getProvisioning()).serverName).toBe('');
    } finally {
      again.close();
    }
  });
});
