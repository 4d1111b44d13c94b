/**
 * The bench's power-control settings and actions: the driver (none, USB relay board, PoE switch
 * console), the outlet of each phone (MAC → relay channel or switch port), saved atomically in
 * `<data>/firmware/power.json`; power cycles for the queue, one serial exchange at a time; and the
 * Test action (list the serial ports, then probe the driver or power-cycle one outlet).
 */
import { join } from 'node:path';
import type { QueuePhone } from '../../../../shared/firmware-dto';
import type { PowerConfig, PowerTestResult, PowerView } from '../../../../shared/firmware-power';
import { readJson, writeJsonAtomic } from '../../atomic-file';
import type { PowerCycler } from '../queue-context';
import { createPowerDriver } from './drivers';
import { PowerControlError, realPortList, realPorts, type PortFactory, type PortLister } from './serial-line';

/** What a technician can do about a failed test or power cycle. */
const FIX = 'Check the cable and the serial port (Test lists the ports found), the baud rate, and the prompts or commands of your device; on Linux the user running ProvKit must be in the dialout group.';

/** Power-control settings and the serial exchanges they drive. */
export class PowerControl {
  private view: PowerView = { outlets: {} };
  private lock: Promise<unknown> = Promise.resolve();
  private readonly cycledHooks: Array<(mac: string) => void> = [];
  /** Serial ports factory and lister; tests inject SerialPortMock's. */
  ports: PortFactory = realPorts;
  listPorts: PortLister = realPortList;

  /** @param dir the firmware folder (holds power.json) */
  constructor(private readonly dir: string) {}

  /** Load `power.json` (none = no device). @throws SyntaxError when it is corrupt (with its path) */
  async load(): Promise<void> {
    const f = await readJson<Partial<PowerView>>(join(this.dir, 'power.json'), {});
    this.view = { ...(f.config ? { config: f.config } : {}), outlets: f.outlets ?? {} };
  }

  /** The settings. */
  get settings(): PowerView {
    return this.view;
  }

  /**
   * Set the device (undefined = none) and, when given, replace the outlet map; saved atomically.
   * @returns the new settings
   */
  async set(config: PowerConfig | undefined, outlets?: Record<string, number>): Promise<PowerView> {
    this.view = { ...(config ? { config } : {}), outlets: outlets ?? this.view.outlets };
    await writeJsonAtomic(join(this.dir, 'power.json'), this.view);
    return this.view;
  }

  /** The outlet a phone is on: its own (queue entry), else the outlet map's. */
  outletOf(phone: Pick<QueuePhone, 'mac' | 'outlet'>): number | undefined {
    return phone.outlet ?? this.view.outlets[phone.mac];
  }

  /** Be told when a phone's outlet was power-cycled (the simulator reboots its phone). */
  onCycled(fn: (mac: string) => void): void {
    this.cycledHooks.push(fn);
  }

  /** The queue's power cycler, or undefined when no device is set up. */
  cycler(): PowerCycler | undefined {
    return this.view.config ? this.cycle : undefined;
  }

  /** Power-cycle a phone's outlet; one serial exchange at a time. @throws PowerControlError */
  private readonly cycle: PowerCycler = (phone) => {
    const cfg = this.view.config;
    const outlet = this.outletOf(phone);
    if (!cfg) return Promise.reject(new PowerControlError('no power-control device is set up', []));
    if (outlet === undefined) return Promise.reject(new PowerControlError(`${phone.mac} has no outlet number`, []));
    return this.exclusive(async () => {
      const transcript = await createPowerDriver(cfg, this.ports).cycle(outlet);
      for (const fn of this.cycledHooks) fn(phone.mac);
      return transcript;
    });
  };

  /**
   * The Test action: list the serial ports; with a configuration (the one given, else the saved
   * one), probe it — or power-cycle `outlet` when given. Never throws for device errors: they come
   * back as `error` and `fix` with the transcript.
   */
  async test(config?: PowerConfig, outlet?: number): Promise<PowerTestResult> {
    const ports = await this.listPorts().catch(() => []);
    const cfg = config ?? this.view.config;
    if (!cfg) return { ports, transcript: [] };
    const tried = outlet === undefined ? 'probe' : 'cycle';
    try {
      const driver = createPowerDriver(cfg, this.ports);
      const transcript = await this.exclusive(() => (outlet === undefined ? driver.probe() : driver.cycle(outlet)));
      return { ports, tried, ok: true, transcript };
    } catch (err) {
      const transcript = err instanceof PowerControlError ? err.transcript : [];
      return { ports, tried, ok: false, transcript, error: (err as Error).message, fix: FIX };
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}
