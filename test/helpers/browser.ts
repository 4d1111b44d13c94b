/**
 * Test helper: Debian's Chromium driven by playwright-core (never a downloaded browser).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Path of the system Chromium the e2e tests use. */
export const CHROMIUM = process.env.PROVKIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Launch headless Chromium with the flags this closed network needs.
 * @param extraArgs more Chromium flags (e.g. `--host-resolver-rules=MAP evil.example 127.0.0.1`)
 * @throws with the install hint when Chromium is missing
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set PROVKIT_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', ...extraArgs],
  });
}
