/**
 * Migrations of the settings file (`<data>/settings.json`, conf `migrations` keyed by the app
 * version that introduced them; conf records the last one run in `__internal__.migrations.version`
 * and runs each newer one once, https://github.com/sindresorhus/conf#migrations).
 */
import type Conf from 'conf';

/** The settings object shape migrations touch: server blocks keyed by kind, plus other keys. */
type AnySettings = Record<string, unknown>;

/**
 * Fill every missing key of each object-valued setting from the defaults, keeping what the file
 * has. conf merges defaults only at the top level, so a server block written by an older version
 * (e.g. `tftp` before windowsize/retransmit settings existed) would otherwise lack the new keys.
 * @param store the conf store being migrated
 * @param defaults the current defaults
 */
export function fillNestedDefaults(store: Conf<AnySettings>, defaults: AnySettings): void {
  for (const [key, def] of Object.entries(defaults)) {
    if (typeof def !== 'object' || def === null || Array.isArray(def)) continue;
    const current = store.get(key);
    const merged = { ...(def as AnySettings), ...(typeof current === 'object' && current !== null ? (current as AnySettings) : {}) };
    store.set(key, merged);
  }
}

/**
 * The migrations for `openSettings`.
 * @param defaults the current defaults (settings.ts DEFAULT_SETTINGS)
 * @returns conf `migrations`: `0.1.0` fills nested defaults into files from earlier builds
 */
export function settingsMigrations(defaults: AnySettings): Record<string, (store: Conf<AnySettings>) => void> {
  return {
    '0.1.0': (store) => fillNestedDefaults(store, defaults),
  };
}
