/**
 * A scripted managed-switch console for tests and demos: Cisco-style modes (`Switch>`, `Switch#`,
 * `Switch(config)#`, `Switch(config-if)#`), `enable`, `configure terminal`, `interface <name>`,
 * `power inline never|auto`, `end`, `exit`; anything else answers `% Invalid input`. It echoes
 * what it receives like a real console. Run it on one end of a socat pty pair with
 * {@link runSwitchConsole}; PoeSwitchDriver talks to the other end.
 */
import { appendFileSync } from 'node:fs';
import { SerialPort } from 'serialport';

/** A PoE change the console applied. */
export interface PoeAction {
  port: string;
  power: 'never' | 'auto';
  at: number;
}

type Mode = 'user' | 'enable' | 'config' | 'config-if';

/** Console state machine: feed it bytes, get back what the switch prints. */
export class SwitchConsole {
  private mode: Mode = 'user';
  private iface = '';
  private pending = '';
  readonly actions: PoeAction[] = [];

  constructor(
    private readonly hostname = 'Switch',
    private readonly onAction?: (a: PoeAction) => void,
  ) {}

  private prompt(): string {
    const suffix = { user: '>', enable: '#', config: '(config)#', 'config-if': '(config-if)#' }[this.mode];
    return `${this.hostname}${suffix}`;
  }

  /** @returns the text the switch prints for `data` (echo, answers, prompts) */
  input(data: string): string {
    let out = '';
    for (const ch of data) {
      if (ch === '\n') continue;
      if (ch !== '\r') {
        this.pending += ch;
        out += ch;
        continue;
      }
      const line = this.pending.trim();
      this.pending = '';
      out += `\r\n${this.run(line)}${this.prompt()}`;
    }
    return out;
  }

  private run(line: string): string {
    if (line === '') return '';
    const invalid = `% Invalid input detected at '^' marker.\r\n`;
    const [cmd, ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    if (cmd === 'enable' && (this.mode === 'user' || this.mode === 'enable')) return (this.mode = 'enable'), '';
    if (/^conf(igure)?$/.test(cmd!) && /^t(erminal)?$/.test(arg) && this.mode === 'enable') return (this.mode = 'config'), 'Enter configuration commands, one per line.  End with CNTL/Z.\r\n';
    if (/^int(erface)?$/.test(cmd!) && arg && (this.mode === 'config' || this.mode === 'config-if')) {
      this.iface = arg;
      this.mode = 'config-if';
      return '';
    }
    const poe = /^power inline (never|auto)$/.exec(line);
    if (poe && this.mode === 'config-if') {
      const a: PoeAction = { port: this.iface, power: poe[1] as PoeAction['power'], at: Date.now() };
      this.actions.push(a);
      this.onAction?.(a);
      return `%ILPOWER-5-POWER_GRANTED: Interface ${this.iface}: power inline ${poe[1]}\r\n`;
    }
    if (cmd === 'end' && this.mode.startsWith('config')) return (this.mode = 'enable'), '';
    if (cmd === 'exit') {
      this.mode = this.mode === 'config-if' ? 'config' : this.mode === 'config' ? 'enable' : 'user';
      return '';
    }
    return invalid;
  }
}

/**
 * Serve a console on a serial device or pty until the process ends; each PoE action is appended
 * to `logFile` as a JSON line.
 * @throws when the port cannot be opened
 */
export async function runSwitchConsole(path: string, logFile?: string): Promise<void> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const sw = new SwitchConsole('Switch', (a) => {
    if (logFile) appendFileSync(logFile, `${JSON.stringify(a)}\n`);
  });
  port.on('data', (d: Buffer) => {
    const out = sw.input(d.toString('latin1'));
    if (out) port.write(Buffer.from(out, 'latin1'));
  });
}
