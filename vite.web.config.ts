/**
 * Builds the renderer as a plain web app (served by the headless engine): `npm run build:web`
 * writes dist/web. `npm run dev:web` serves it with hot reload and forwards /api (HTTP and the
 * events WebSocket) to a running engine at PROVKIT_ENGINE_URL (default http://127.0.0.1:8090).
 * Open the dev page with `?token=<the engine's <data>/ui-token>`: the API needs it (README "Security").
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * In dev only, let the React refresh preamble (an inline script) run under the page's CSP.
 * The built app keeps the strict policy from index.html.
 */
function devCspRelax(): Plugin {
  return {
    name: 'provkit-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("default-src 'self';", "default-src 'self'; script-src 'self' 'unsafe-inline';");
    },
  };
}

export default defineConfig({
  root: `${here}renderer`,
  base: './',
  plugins: [react(), devCspRelax()],
  build: {
    outDir: `${here}dist/web`,
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: process.env.PROVKIT_ENGINE_URL ?? 'http://127.0.0.1:8090', ws: true, changeOrigin: true },
    },
  },
});
