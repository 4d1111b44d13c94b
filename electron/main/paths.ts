/**
 * Where the desktop app keeps its data and finds its built files and shipped resources.
 * Pure functions of their arguments (no Electron import), so they are unit-tested.
 */
import { join, resolve } from 'node:path';

/**
 * The engine's data directory (design.md "Engine process": `--data DIR` overrides the default).
 * Precedence: `--data DIR` / `--data=DIR` on the command line, then `PROVKIT_DATA`, then
 * `<userData>/data`. Relative paths are resolved against the current directory.
 * @param argv the process arguments (`process.argv`; Electron keeps unknown switches there)
 * @param env the environment (`process.env`)
 * @param userDataDir `app.getPath('userData')`
 * @returns an absolute directory path
 */
export function resolveDataDir(argv: readonly string[], env: Record<string, string | undefined>, userDataDir: string): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--data=') && arg.length > '--data='.length) return resolve(arg.slice('--data='.length));
    const next = argv[i + 1];
    if (arg === '--data' && next && !next.startsWith('--')) return resolve(next);
  }
  if (env.PROVKIT_DATA) return resolve(env.PROVKIT_DATA);
  return join(userDataDir, 'data');
}

/** Locations of the built app's pieces. */
export interface AppPaths {
  /** `out/preload/index.cjs` */
  preload: string;
  /** `out/renderer/index.html` */
  rendererHtml: string;
  /** Shipped data (OUI table, templates, icons). */
  resources: string;
}

/**
 * Paths of the preload script, the renderer and the resources.
 * @param mainDir directory of the running main bundle (`out/main`)
 * @param packaged `app.isPackaged`
 * @param resourcesPath `process.resourcesPath` (only read when packaged: electron-builder copies
 *   `resources/` to `<resourcesPath>/resources`, see electron-builder.yml `extraResources`)
 * @returns absolute paths
 */
export function appPaths(mainDir: string, packaged: boolean, resourcesPath: string | undefined): AppPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererHtml: join(mainDir, '..', 'renderer', 'index.html'),
    resources: packaged && resourcesPath ? join(resourcesPath, 'resources') : join(mainDir, '..', '..', 'resources'),
  };
}
