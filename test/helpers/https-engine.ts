/**
 * Test helper: an engine in a fresh data folder with its HTTP and HTTPS servers listening on
 * 127.0.0.1 (ephemeral ports), the HTTPS one with the data folder's bench CA.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';

/**
 * Start the engine and both servers. The caller closes the engine.
 * @param prefix temp folder name prefix
 * @returns the engine, both servers' URLs and the data folder
 */
export async function startHttpsEngine(prefix: string): Promise<{ engine: Engine; httpUrl: string; httpsUrl: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const engine = await Engine.create({
    dataDir: dir,
    mode: 'headless',
    logSink: silentSink,
    overrides: { http: { bind: '127.0.0.1', port: 0 }, https: { bind: '127.0.0.1', port: 0, enabled: true } },
  });
  const http = await engine.servers.http.start();
  const https = await engine.servers.https.start();
  expect(https.state).toBe('listening');
  return { engine, httpUrl: http.url!, httpsUrl: https.url!, dir };
}
