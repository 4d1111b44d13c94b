/**
 * electron-vite build of the desktop app into `out/`:
 * - main:     electron/main/index.ts     → out/main/index.js (ESM; package.json "main"), and
 *             electron/engine/host-entry.ts → out/main/engine-host.js (the engine process), and
 *             electron/engine/provisioning/tftp/worker-entry.ts → out/main/tftp-worker.js, and
 *             electron/engine/provisioning/http-front-worker.ts → out/main/http-front.js; runtime
 *             dependencies (conf, ws, zod, basic-ftp, …) stay external and load from node_modules.
 * - preload:  electron/preload/index.ts  → out/preload/index.cjs (CommonJS, everything bundled:
 *             a sandboxed preload can only `require('electron')`).
 * - renderer: renderer/index.html (React) → out/renderer/.
 * Docs: https://electron-vite.org/config/
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Major version of Electron the app targets. electron-vite derives the Node/Chrome build targets
 * and the main-process module format from it; it is read from the installed `electron` package (a
 * devDependency, present even when its binary was not downloaded).
 * @returns e.g. `45`
 * @throws when the electron package is not installed (`npm ci --omit=dev`)
 */
function electronMajor(): string {
  const require = createRequire(resolve(root, 'package.json'));
  return String((require('electron/package.json') as { version: string }).version.split('.')[0]);
}

process.env.ELECTRON_MAJOR_VER ||= electronMajor();

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        // The engine process (utilityProcess.fork) is a second entry of the main build.
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          'engine-host': resolve(root, 'electron/engine/host-entry.ts'),
          // TFTP transfer worker thread (provisioning/tftp/worker-pool.ts looks for it next to the bundle).
          'tftp-worker': resolve(root, 'electron/engine/provisioning/tftp/worker-entry.ts'),
          // HTTP front worker thread (provisioning/http-front-host.ts looks for it next to the bundle).
          'http-front': resolve(root, 'electron/engine/provisioning/http-front-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Bundle shared/api.ts and zod into the preload: the sandbox cannot require them.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: resolve(root, 'renderer/index.html'),
      },
    },
  },
});
