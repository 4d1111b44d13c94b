/**
 * Power-control drivers over a serial line: a USB relay board (byte commands, configurable; the
 * default is the common LC-Technology "LCUS" protocol `A0 <channel> <00|01> <checksum>`) and a
 * managed PoE switch console (command scripts such as `interface gi0/3` / `power inline never` /
 * `power inline auto`, prompts and error lines configurable).
 * Times in ms.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { PoeSwitchConfig, PowerConfig, RelayBoardConfig } from '../../../../shared/firmware-power';
import { PowerControlError, realPorts, SerialLine, type PortFactory } from './serial-line';

export { POE_SWITCH_DEFAULTS, RELAY_DEFAULTS, type PoeSwitchConfig, type PowerConfig, type RelayBoardConfig } from '../../../../shared/firmware-power';

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
  /**
   * Check the device answers without switching anything: the port opens (relay board), and the
   * login commands get a prompt (PoE switch).
   * @returns the transcript
   * @throws PowerControlError
   */
  probe(): Promise<string[]>;
}

/** A driver that talks over one serial line per power cycle. */
abstract class SerialPowerDriver<C extends PowerConfig> implements PowerDriver {
  constructor(
    readonly config: C,
    private readonly ports: PortFactory = realPorts,
  ) {}

  abstract cycle(outlet: number): Promise<string[]>;
  abstract probe(): Promise<string[]>;

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

  /** The port opens (a relay board has no harmless command to send). */
  probe(): Promise<string[]> {
    return this.withLine(async (line) => line.transcript);
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

  /** Send the login commands and see the prompt (an empty line when there are none). */
  probe(): Promise<string[]> {
    const c = this.config;
    const prompt = new RegExp(c.prompt, 'm');
    return this.withLine(async (line) => {
      for (const cmd of c.login.length ? c.login : ['']) {
        line.discard();
        await line.write(`${cmd}\r`);
        await line.expect(prompt, c.timeoutMs);
      }
      return line.transcript;
    });
  }
}

/** The driver for a configuration. */
export function createPowerDriver(cfg: PowerConfig, ports: PortFactory = realPorts): PowerDriver {
  return cfg.type === 'relay' ? new RelayBoardDriver(cfg, ports) : new PoeSwitchDriver(cfg, ports);
}
