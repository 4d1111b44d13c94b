/**
 * Preload (sandboxed, bundled to CommonJS `out/preload/index.cjs`): exposes `window.provkit`
 * (see bridge.ts) and nothing else.
 *
 * In a sandboxed preload only `electron` can be required; `shared/api.ts` (and zod, which it
 * imports) is bundled in by electron-vite. This entry has no exports on purpose, so the bundle
 * does not depend on the CommonJS `exports` object.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';

// pathForFile: the path on this computer of a file the user picked in the native file dialog
// (an <input type=file>), so the engine imports it in place instead of receiving a copy.
contextBridge.exposeInMainWorld('provkit', { ...createBridge(ipcRenderer), pathForFile: (file: File) => webUtils.getPathForFile(file) });
