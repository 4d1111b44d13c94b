/**
 * Test helper: a socat pty pair with the scripted switch-console emulator
 * (electron/engine/simulator/switch-console.ts) on one end. The driver under test opens `port`;
 * PoE actions the emulator applied are read back from its JSON-lines log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { PoeAction } from '../../electron/engine/simulator/switch-console';

/** A running emulator. */
export interface SwitchConsoleFixture {
  /** Path the driver opens. */
  port: string;
  actions(): PoeAction[];
  stop(): Promise<void>;
}

/** True when socat is installed. */
export function haveSocat(): boolean {
  return ['/usr/bin/socat', '/bin/socat', '/usr/local/bin/socat'].some((p) => existsSync(p));
}

/**
 * Start socat and the emulator under `dir`.
 * @throws when the pty links do not appear within 5 s
 */
export async function startSwitchConsole(dir: string): Promise<SwitchConsoleFixture> {
  const a = join(dir, `pk-sw-${process.pid}-a`);
  const b = join(dir, `pk-sw-${process.pid}-b`);
  const log = join(dir, `pk-sw-${process.pid}.jsonl`);
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(existsSync(a) && existsSync(b)); i++) await sleep(50);
  if (!existsSync(a) || !existsSync(b)) {
    socat.kill();
    throw new Error('socat did not create the pty pair');
  }
  const runner = fileURLToPath(new URL('./switch-console-runner.ts', import.meta.url));
  const emu: ChildProcess = spawn(process.execPath, ['--import', 'tsx', runner, b, log], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('the switch-console emulator did not start within 15 s')), 15_000);
    emu.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(t);
        resolve();
      }
    });
    emu.once('exit', (code) => reject(new Error(`the switch-console emulator exited (${code})`)));
  });
  return {
    port: a,
    actions: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PoeAction) : []),
    stop: async () => {
      emu.kill();
      socat.kill();
      await sleep(50);
    },
  };
}
