import { SerialPortMock } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POE_SWITCH_DEFAULTS, PoeSwitchDriver, RELAY_DEFAULTS, RelayBoardDriver, relayBytes } from '../../electron/engine/firmware/power/drivers';
import type { PortFactory, SerialLike } from '../../electron/engine/firmware/power/serial-line';
import { SwitchConsole } from '../../electron/engine/simulator/switch-console';
import { haveSocat, startSwitchConsole, type SwitchConsoleFixture } from '../helpers/switch-console';

// The binding SerialPortMock really uses (the CJS copy; importing the package's ESM build gives another instance).
const MockBinding = SerialPortMock.binding;
const mockPorts: PortFactory = (path, baudRate) => new SerialPortMock({ path, baudRate, autoOpen: false }) as unknown as SerialLike;

describe('relay board (binding-mock)', () => {
  it('builds LCUS byte commands with channel and checksum', () => {
    expect(relayBytes('A0 {n} 01 {sum}', 1).toString('hex')).toBe('a00101a2');
    expect(relayBytes('A0 {n} 00 {sum}', 2).toString('hex')).toBe('a00200a2');
    expect(() => relayBytes('A0 ZZ', 1)).toThrow(/not a hex byte/);
  });
  it('sends off, waits, sends on', async () => {
    MockBinding.reset();
    MockBinding.createPort('/dev/ROBOT', { echo: false, record: true });
    let recorded: Buffer | undefined;
    const ports: PortFactory = (path, baud) => {
      const p = mockPorts(path, baud);
      p.on('close', () => {
        recorded = (p as unknown as { port: { recording: Buffer } }).port.recording;
      });
      return p;
    };
    const d = new RelayBoardDriver({ ...RELAY_DEFAULTS, path: '/dev/ROBOT', offMs: 20 }, ports);
    const t = await d.cycle(3);
    expect(t).toEqual(['> a00300a3', '> a00301a4']);
    expect(recorded?.toString('hex')).toBe('a00300a3a00301a4');
  });
  it('a missing port is a clear error', async () => {
    MockBinding.reset();
    const d = new RelayBoardDriver({ ...RELAY_DEFAULTS, path: '/dev/NOPE', offMs: 1 }, mockPorts);
    await expect(d.cycle(1)).rejects.toThrow(/cannot open serial port \/dev\/NOPE/);
  });
});

describe('switch console emulator', () => {
  it('walks the modes and records PoE changes; unknown commands are refused', () => {
    const sw = new SwitchConsole();
    expect(sw.input('\r')).toBe('\r\nSwitch>');
    sw.input('enable\r');
    expect(sw.input('configure terminal\r')).toMatch(/Switch\(config\)#$/);
    expect(sw.input('interface gi0/4\r')).toMatch(/Switch\(config-if\)#$/);
    sw.input('power inline never\r');
    expect(sw.input('bogus\r')).toMatch(/% Invalid input/);
    expect(sw.actions).toEqual([expect.objectContaining({ port: 'gi0/4', power: 'never' })]);
  });
});

describe.skipIf(!haveSocat())('PoE switch over a socat pty pair', () => {
  let dir: string;
  let sw: SwitchConsoleFixture;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-power-'));
    sw = await startSwitchConsole(dir);
  }, 30_000);
  afterAll(async () => {
    await sw?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  it('power-cycles a port: never, then auto', async () => {
    const d = new PoeSwitchDriver({ ...POE_SWITCH_DEFAULTS, path: sw.port, offMs: 50 });
    const t = await d.cycle(7);
    expect(t.some((l) => l.includes('power inline never'))).toBe(true);
    expect(sw.actions().map((a) => `${a.port} ${a.power}`)).toEqual(['gi0/7 never', 'gi0/7 auto']);
  });
  it('an error line from the switch fails the cycle with the switch\u2019s words', async () => {
    const d = new PoeSwitchDriver({ ...POE_SWITCH_DEFAULTS, path: sw.port, offMs: 10, off: ['configure terminal', 'interface {port}', 'power inline off'] });
    await expect(d.cycle(2)).rejects.toThrow(/refused "power inline off": % Invalid input/);
  });
  it('a wrong prompt times out with what was received', async () => {
    const d = new PoeSwitchDriver({ ...POE_SWITCH_DEFAULTS, path: sw.port, prompt: 'NEVER>$', timeoutMs: 300 });
    await expect(d.cycle(1)).rejects.toThrow(/no answer matching/);
  });
});
