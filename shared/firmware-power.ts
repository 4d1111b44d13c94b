/**
 * Power control of the firmware bench (issue #6 item 4): the settings of the two serial drivers — a
 * USB relay board (byte commands; default the LC-Technology "LCUS" protocol `A0 <channel> <00|01>
 * <checksum>`) and a managed PoE switch console (command scripts such as `interface gi0/3` /
 * `power inline never` / `power inline auto`, configurable prompts) — as zod schemas shared by the
 * API, the engine's drivers (electron/engine/firmware/power/drivers.ts) and the settings panel.
 * Times in ms, baud rates in bit/s.
 */
import { z } from 'zod';
import { macSchema } from './mac-schema';

/** A regex source that compiles. */
const regexSource = z
  .string()
  .max(200)
  .refine(
    (s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

/** A relay command template: hex bytes, `{n}` (channel) and `{sum}` (checksum) separated by spaces. */
const relayCommand = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^(?:[0-9a-f]{2}|\{n\}|\{sum\})(?:\s+(?:[0-9a-f]{2}|\{n\}|\{sum\}))*$/i, 'use hex bytes, {n} and {sum} separated by spaces (e.g. A0 {n} 01 {sum})');

const path = z.string().trim().min(1, 'choose the serial port (e.g. /dev/ttyUSB0)').max(255);
const baudRate = z.number().int().min(300).max(921_600);
const ms = z.number().int().min(0).max(120_000);
const script = z.array(z.string().max(200)).max(20);

/** A USB relay board. */
export const relayBoardSchema = z
  .object({
    type: z.literal('relay'),
    path,
    baudRate,
    offCommand: relayCommand,
    onCommand: relayCommand,
    /** Text the board answers after a command (regex source); empty = the board answers nothing. */
    ack: z.union([z.literal(''), regexSource]),
    /** How long the outlet stays off. */
    offMs: ms,
    timeoutMs: ms.min(100),
  })
  .strict();

/** A managed PoE switch's serial console. Scripts: one command a line; `{port}` = interface name. */
export const poeSwitchSchema = z
  .object({
    type: z.literal('poe-switch'),
    path,
    baudRate,
    /** Interface name template, `{n}` = outlet number: `gi0/{n}`, `GigabitEthernet1/0/{n}`. */
    interfaceName: z.string().trim().min(1).max(64).includes('{n}', { message: 'must contain {n} (the port number)' }),
    /** Prompt regex source, matched at the end of the switch's output. */
    prompt: regexSource.pipe(z.string().min(1)),
    /** Regex source for an error line (`% Invalid input`). */
    error: regexSource.pipe(z.string().min(1)),
    /** Commands sent once after connecting (e.g. `enable`); refusals are ignored. */
    login: script,
    off: script.min(1),
    on: script.min(1),
    offMs: ms,
    timeoutMs: ms.min(100),
  })
  .strict();

/** Either driver's settings. */
export const powerConfigSchema = z.discriminatedUnion('type', [relayBoardSchema, poeSwitchSchema]);

/** USB relay board settings. */
export type RelayBoardConfig = z.infer<typeof relayBoardSchema>;
/** PoE switch console settings. */
export type PoeSwitchConfig = z.infer<typeof poeSwitchSchema>;
/** Either driver's settings. */
export type PowerConfig = z.infer<typeof powerConfigSchema>;

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

/** Which outlet (relay channel or switch port number) each phone is on: MAC (12 lowercase hex) → outlet. */
export const outletMapSchema = z.record(macSchema, z.number().int().min(0).max(4096));

/** The power-control settings: no device (`config` absent), or a driver, plus the outlet map. */
export interface PowerView {
  config?: PowerConfig;
  outlets: Record<string, number>;
}

/** A serial port of the engine's machine (serialport's `list()`). */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** What the Test action found: the ports, and how the driver did (when a configuration was given). */
export interface PowerTestResult {
  ports: SerialPortInfo[];
  /** `probe`: the port opened (and, for a switch, the login commands got a prompt); `cycle`: an outlet was power-cycled. */
  tried?: 'probe' | 'cycle';
  ok?: boolean;
  /** What was sent (`> ...`) and received (`< ...`). */
  transcript: string[];
  error?: string;
  /** What to do about the error, one sentence. */
  fix?: string;
}
