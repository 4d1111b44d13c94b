/**
 * Power-control settings through the API: get/set the driver and the outlet map
 * (validated by the contract's zod schemas, saved to power.json), the Test action (serial ports
 * listed, the driver probed or an outlet power-cycled) with @serialport/binding-mock and with the
 * socat pty pair running the switch-console emulator, and the outlet map used by the queue's power
 * cycle on timeout.
 */
import { SerialPortMock } from 'serialport';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSchemas } from '../../shared/api';
import { FINISHED_STATES } from '../../shared/firmware-dto';
import { POE_SWITCH_DEFAULTS, RELAY_DEFAULTS } from '../../shared/firmware-power';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import type { PortFactory, SerialLike } from '../../electron/engine/firmware/power/serial-line';
import { writePackageFolder } from '../helpers/firmware';
import { haveSocat, startSwitchConsole, type SwitchConsoleFixture } from '../helpers/switch-console';

const MockBinding = SerialPortMock.binding;
const mockPorts: PortFactory = (path, baudRate) => new SerialPortMock({ path, baudRate, autoOpen: false }) as unknown as SerialLike;

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pk-fwpower-'));
  engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink });
  engine.firmware.power.ports = mockPorts;
  engine.firmware.power.listPorts = async () => (await MockBinding.list()).map((p: { path: string; manufacturer?: string }) => ({ path: p.path, ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) }));
}, 30_000);

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('power-control settings', () => {
  it('validates configurations with the contract schemas', () => {
    const set = requestSchemas.firmwareSetPower;
    expect(set.safeParse({ config: { ...POE_SWITCH_DEFAULTS, path: '/dev/ttyUSB0' } }).success).toBe(true);
    expect(set.safeParse({ config: { ...RELAY_DEFAULTS, path: '/dev/ttyUSB0' }, outlets: { '0004f2aa0001': 3 } }).success).toBe(true);
    expect(set.safeParse({ config: null }).success).toBe(true);
    const bad = (config: unknown, outlets?: unknown) => {
      const r = set.safeParse({ config, ...(outlets ? { outlets } : {}) });
      return r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(bad({ ...POE_SWITCH_DEFAULTS, path: '/dev/ttyS0', prompt: '[unclosed' })).toMatch(/prompt: not a valid regular expression/);
    expect(bad({ ...POE_SWITCH_DEFAULTS, path: '/dev/ttyS0', interfaceName: 'gi0/1' })).toMatch(/interfaceName: must contain \{n\}/);
    expect(bad({ ...RELAY_DEFAULTS, path: '/dev/ttyS0', onCommand: 'A0 ZZ 01' })).toMatch(/onCommand: use hex bytes/);
    expect(bad({ ...RELAY_DEFAULTS, path: '' })).toMatch(/path: choose the serial port/);
    expect(bad({ ...RELAY_DEFAULTS, path: '/dev/ttyS0', type: 'ups' })).toMatch(/type/);
    expect(bad(null, { '00:04:f2:aa:00:01': 1 })).toMatch(/^outlets\.00:04:f2:aa:00:01: Invalid key/);
  });

  it('saves the driver and the outlet map, and the queue view says power control is on', async () => {
    expect(await engine.handlers.firmwarePower({})).toEqual({ outlets: {} });
    const config = { ...RELAY_DEFAULTS, path: '/dev/ttyUSB7', offMs: 10 };
    const view = await engine.handlers.firmwareSetPower({ config, outlets: { '0004f2aa0001': 2 } });
    expect(view).toEqual({ config, outlets: { '0004f2aa0001': 2 } });
    expect(JSON.parse(await readFile(join(dir, 'firmware', 'power.json'), 'utf8'))).toEqual(view);
    expect((await engine.handlers.firmwareQueue({})).power).toBe(true);
    // Setting only the driver keeps the map; none clears the driver.
    expect(await engine.handlers.firmwareSetPower({ config: null })).toEqual({ outlets: { '0004f2aa0001': 2 } });
    expect((await engine.handlers.firmwareQueue({})).power).toBe(false);
  });
});

describe('Test action (binding-mock)', () => {
  it('lists the ports and probes a relay board; a missing port says what to check', async () => {
    MockBinding.reset();
    MockBinding.createPort('/dev/ttyUSB7', { echo: false, record: true, manufacturer: 'QinHeng Electronics' });
    const ok = await engine.handlers.firmwareTestPower({ config: { ...RELAY_DEFAULTS, path: '/dev/ttyUSB7', offMs: 10 } });
    expect(ok).toMatchObject({ tried: 'probe', ok: true, ports: [{ path: '/dev/ttyUSB7', manufacturer: 'QinHeng Electronics' }] });
    const cycled = await engine.handlers.firmwareTestPower({ config: { ...RELAY_DEFAULTS, path: '/dev/ttyUSB7', offMs: 10 }, outlet: 3 });
    expect(cycled).toMatchObject({ tried: 'cycle', ok: true, transcript: ['> a00300a3', '> a00301a4'] });
    const missing = await engine.handlers.firmwareTestPower({ config: { ...RELAY_DEFAULTS, path: '/dev/ttyNOPE' } });
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatch(/cannot open serial port \/dev\/ttyNOPE/);
    expect(missing.fix).toMatch(/dialout/);
    // Without a configuration given or saved: only the list.
    expect(await engine.handlers.firmwareTestPower({})).toEqual({ ports: [expect.objectContaining({ path: '/dev/ttyUSB7' })], transcript: [] });
  });
});

describe.skipIf(!haveSocat())('Test action and queue power cycles on the switch-console emulator', () => {
  let sw: SwitchConsoleFixture;
  beforeAll(async () => {
    sw = await startSwitchConsole(dir);
    engine.firmware.power.ports = (await import('../../electron/engine/firmware/power/serial-line')).realPorts;
  }, 30_000);
  afterAll(async () => {
    await sw?.stop();
  });

  it('probes the console (login, prompt) without switching anything; a wrong prompt fails with the transcript', async () => {
    const ok = await engine.handlers.firmwareTestPower({ config: { ...POE_SWITCH_DEFAULTS, path: sw.port, timeoutMs: 3000 } });
    expect(ok, ok.error).toMatchObject({ tried: 'probe', ok: true });
    expect(ok.transcript.some((l) => /Switch#/.test(l))).toBe(true);
    expect(sw.actions()).toEqual([]);
    const bad = await engine.handlers.firmwareTestPower({ config: { ...POE_SWITCH_DEFAULTS, path: sw.port, prompt: 'NEVER>$', timeoutMs: 300 } });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/no answer matching/) });
    expect(bad.transcript.length).toBeGreaterThan(0);
  });

  it('a phone without its own outlet is power-cycled on the outlet the map gives it', async () => {
    await engine.handlers.firmwareSetPower({ config: { ...POE_SWITCH_DEFAULTS, path: sw.port, offMs: 50, timeoutMs: 3000 }, outlets: { '0004f2aa0005': 5 } });
    await engine.handlers.firmwareImport({ path: await writePackageFolder(dir, 'pkg', '5.9.6.2327', ['VVX400'], 4096) });
    await engine.handlers.firmwareQueueConfigure({ stepTimeoutMs: 1000, retries: 0, powerCycles: 1 });
    await engine.handlers.firmwareQueueAdd({ phones: [{ mac: '0004f2aa0005', model: 'VVX400', current: '5.4.3.2036' }] });
    await expect.poll(() => engine.firmware.queue.state.phones[0]!.state, { timeout: 15_000 }).toSatisfy((s: string) => FINISHED_STATES.includes(s as 'done'));
    const p = engine.firmware.queue.state.phones[0]!;
    expect(p.state).toBe('failed');
    expect(p.history.some((h) => /power-cycling outlet 5/.test(h.note))).toBe(true);
    expect(p.reason).toMatch(/also after a power cycle/);
    expect(sw.actions().map((a) => `${a.port} ${a.power}`)).toEqual(['gi0/5 never', 'gi0/5 auto']);
  }, 30_000);
});
