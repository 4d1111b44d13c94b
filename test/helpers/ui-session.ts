/**
 * Test helper for e2e pages: `provkit serve` (startServe) with Chromium open on a 1280×900 page,
 * and the headless API (`POST /api/<request>`) for setting up what the page should show.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from './browser';
import { startServe, type ServeProcess } from './serve';

/** Where e2e screenshots go (git-ignored). */
export const SHOTS = join(import.meta.dirname, '..', 'e2e', 'screenshots');

/** A running server and browser page. */
export interface UiSession {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** Call an API request. @throws Error with the request name and the error body on a non-2xx answer */
  api<T>(name: string, args: unknown): Promise<T>;
  /** Close the browser and stop the server. @returns the server's exit code */
  close(): Promise<number | null>;
}

/** How to start a session: extra `provkit serve` arguments, the page height in CSS pixels (default 900). */
export interface UiSessionOptions {
  serveArgs?: string[];
  height?: number;
}

/** Start `provkit serve` and Chromium (screenshots folder created). */
export async function startUiSession(opts: UiSessionOptions = {}): Promise<UiSession> {
  mkdirSync(SHOTS, { recursive: true });
  const serve = await startServe(opts.serveArgs);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: opts.height ?? 900 } });
  return {
    serve,
    browser,
    page,
    async api<T>(name: string, args: unknown): Promise<T> {
      const res = await serve.api(name, args);
      const body = (await res.json()) as T;
      if (!res.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
      return body;
    },
    async close() {
      await browser.close();
      return serve.stop();
    },
  };
}

/**
 * Register vitest hooks that start a session before the file's tests (then run `setup`) and close
 * it after them, expecting the server to exit with 0.
 * @param use receives the session once started
 * @param opts serve arguments and page height ({@link UiSessionOptions})
 */
export function withUiSession(use: (ui: UiSession) => void, setup?: (ui: UiSession) => Promise<void>, timeoutMs = 60_000, opts: UiSessionOptions = {}): void {
  let ui: UiSession | undefined;
  beforeAll(async () => {
    ui = await startUiSession(opts);
    use(ui);
    await setup?.(ui);
  }, timeoutMs);
  afterAll(async () => {
    expect(await ui?.close()).toBe(0);
  });
}
