/**
 * Power-control drivers over a serial line: a USB relay board (byte commands, configurable; the
 * default is the common LC-Technology "LCUS" protocol `A0 <channel> <00|01> <checksum>`) and a
 * managed PoE switch console (command scripts such as `interface gi0/3` / `power inline never` /
 * `power inline auto`, prompts and error lines configurable).
 * Issue #6 item 4. Times in ms.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PowerControlError, realPorts, SerialLine, type PortFactory } from './serial-line';

/** A USB relay board. Command templates: hex bytes, `{n}` = channel, `{sum}` = sum of the bytes before it & 0xFF. */
export interface RelayBoardConfig {
  type: 'relay';
  path: string;
  baudRate: number;
  offCommand: string;
  onCommand: string;
  /** Text the board answers after a command (regex source); empty = the board answers nothing. */
  ack: string;
  offMs: number;
  timeoutMs: number;
}

/** A managed PoE switch's serial console. Scripts: one command a line; `{port}` = interface name. */
export interface PoeSwitchConfig {
  type: 'poe-switch';
  path: string;
  baudRate: number;
  /** Interface name template, `{n}` = outlet number: `gi0/{n}`, `GigabitEthernet1/0/{n}`. */
  interfaceName: string;
  /** Prompt regex source, matched at the end of the switch's output. */
  prompt: string;
  /** Regex source for an error line (`% Invalid input`). */
  error: string;
  /** Commands sent once after connecting (e.g. `enable`). */
  login: string[];
  off: string[];
  on: string[];
  offMs: number;
  timeoutMs: number;
}

/** Either driver's settings. */
export type PowerConfig = RelayBoardConfig | PoeSwitchConfig;

/** Defaults for a relay board (LCUS-1/2/4 style). */
export const RELAY_DEFAULTS: Omit<RelayBoardConfig, 'path'> = { type: 'relay', baudRate: 9600, offCommand: 'A0 {n} 00 {sum}', onCommand: 'A0 {n} 01 {sum}', ack: '', offMs: 5000, timeoutMs: 3000 };

/** Defaults for a Cisco-style PoE switch console. */
export const POE_SWITCH_DEFAULTS: Omit<PoeSwitchConfig, 'path'> = {
  type: 'poe-switch',
  baudRate: 9600,
  interfaceName: 'gi0/{n}',
  prompt: '[\\w.-]+(\\([\\w-]+\\))?[>#]\\s*$',
  error: '^% .*$',
  login: ['', 'enable'],
  off: ['configure terminal', 'interface {port}', 'power inline never', 'end'],
  on: ['configure terminal', 'interface {port}', 'power inline auto', 'end'],
  offMs: 5000,
  timeoutMs: 5000,
};

/**
 * Build the bytes of a relay command.
 * @throws Error naming the bad token
 */
export function relayBytes(template: string, channel: number): Buffer {
  const out: number[] = [];
  for (const tok of template.trim().split(/\s+/)) {
    if (tok === '{n}') out.push(channel & 0xff);
    else if (tok === '{sum}') out.push(out.reduce((a, b) => a + b, 0) & 0xff);
    else if (/^[0-9a-f]{2}$/i.test(tok)) out.push(parseInt(tok, 16));
    else throw new Error(`relay command "${template}": "${tok}" is not a hex byte, {n} or {sum}`);
  }
  return Buffer.from(out);
}

/** Turns an outlet off, waits, turns it on. */
export interface PowerDriver {
  /**
   * Power-cycle one outlet.
   * @returns the transcript of the exchange
   * @throws PowerControlError (port cannot be opened, no prompt, the device reported an error)
   */
  cycle(outlet: number): Promise<string[]>;
}

/** A driver that talks over one serial line per power cycle. */
abstract class SerialPowerDriver<C extends PowerConfig> implements PowerDriver {
  constructor(
    readonly config: C,
    private readonly ports: PortFactory = realPorts,
  ) {}

  abstract cycle(outlet: number): Promise<string[]>;

  /** Open the port, run `fn`, close the port (also on errors). */
  protected async withLine<T>(fn: (line: SerialLine) => Promise<T>): Promise<T> {
    const line = await SerialLine.open(this.ports, this.config.path, this.config.baudRate);
    try {
      return await fn(line);
    } finally {
      await line.close();
    }
  }
}

/** USB relay board driver. */
export class RelayBoardDriver extends SerialPowerDriver<RelayBoardConfig> {
  cycle(outlet: number): Promise<string[]> {
    const c = this.config;
    return this.withLine(async (line) => {
      await line.write(relayBytes(c.offCommand, outlet));
      if (c.ack) await line.expect(new RegExp(c.ack), c.timeoutMs);
      await sleep(c.offMs);
      await line.write(relayBytes(c.onCommand, outlet));
      if (c.ack) await line.expect(new RegExp(c.ack), c.timeoutMs);
      return line.transcript;
    });
  }
}

/** Managed PoE switch console driver. */
export class PoeSwitchDriver extends SerialPowerDriver<PoeSwitchConfig> {
  cycle(outlet: number): Promise<string[]> {
    const c = this.config;
    const prompt = new RegExp(c.prompt, 'm');
    const error = new RegExp(c.error, 'm');
    const port = c.interfaceName.replace('{n}', String(outlet));
    const send = async (line: SerialLine, cmd: string, strict = true) => {
      line.discard();
      await line.write(`${cmd.replace('{port}', port)}\r`);
      const out = await line.expect(prompt, c.timeoutMs);
      const bad = error.exec(out);
      if (bad && strict) throw new PowerControlError(`the switch refused "${cmd.replace('{port}', port)}": ${bad[0].trim()}`, line.transcript);
    };
    return this.withLine(async (line) => {
      // Login commands may be refused harmlessly (`enable` when already privileged).
      for (const cmd of c.login) await send(line, cmd, false);
      for (const cmd of c.off) await send(line, cmd);
      await sleep(c.offMs);
      for (const cmd of c.on) await send(line, cmd);
      return line.transcript;
    });
  }
}

/** The driver for a configuration. */
export function createPowerDriver(cfg: PowerConfig, ports: PortFactory = realPorts): PowerDriver {
  return cfg.type === 'relay' ? new RelayBoardDriver(cfg, ports) : new PoeSwitchDriver(cfg, ports);
}
