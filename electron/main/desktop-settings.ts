/**
 * Settings of the desktop shell (not the engine): window size/position and notifications, in
 * `<data>/desktop.json` with a JSON Schema (conf). Engine settings stay in the engine's
 * settings.json (electron/engine/settings.ts).
 */
import Conf, { type Schema } from 'conf';
import pkg from '../../package.json' with { type: 'json' };
import { fillNestedDefaults } from '../engine/settings-migrations';

/** Window bounds in screen pixels (DIP). */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

/** What desktop.json holds. */
export interface DesktopSettings {
  window: WindowBounds;
  /** Notify when a phone finishes or fails. */
  notifications: boolean;
}

/** Defaults: the size windowOptions uses, notifications on. */
export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = { window: { width: 1280, height: 820 }, notifications: true };

const int = { type: 'integer' } as const;
const schema = {
  window: {
    type: 'object',
    properties: { x: int, y: int, width: { type: 'integer', minimum: 400 }, height: { type: 'integer', minimum: 300 }, maximized: { type: 'boolean' } },
    required: ['width', 'height'],
  },
  notifications: { type: 'boolean' },
} as const;

/**
 * Open (or create) `<dataDir>/desktop.json`.
 * @returns the conf store; `set` validates against the schema
 * @throws Error when the file does not match the schema (never silently cleared)
 */
export function openDesktopSettings(dataDir: string): Conf<DesktopSettings> {
  return new Conf<DesktopSettings>({
    cwd: dataDir,
    configName: 'desktop',
    projectName: 'provkit',
    defaults: DEFAULT_DESKTOP_SETTINGS,
    schema: schema as unknown as Schema<DesktopSettings>,
    clearInvalidConfig: false,
    projectVersion: pkg.version,
    migrations: { '0.1.0': (store) => fillNestedDefaults(store as never, DEFAULT_DESKTOP_SETTINGS as never) },
  });
}
