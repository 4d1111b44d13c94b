/**
 * Test helper: keyboard-only navigation in Playwright.
 */
import type { Page } from 'playwright-core';

/**
 * Press Tab until the focused element matches `selector`.
 * @param max most Tab presses before giving up
 * @throws when the element is never reached (it is not in the tab order)
 */
export async function tabTo(p: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await p.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
