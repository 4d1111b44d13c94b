/**
 * Remember the window's size and position (desktop-settings.ts `window`), and put it back only
 * where a display still shows it (a laptop undocked from its second monitor).
 */
import type { WindowBounds } from './desktop-settings';

/** A display's work area (Electron `screen.getAllDisplays()[i].workArea`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the window's title bar must be on a display to keep the position, px. */
const MIN_VISIBLE = 80;

/**
 * The bounds to open with.
 * @param saved what was saved last time
 * @param workAreas the displays' work areas now
 * @returns the saved bounds; without x/y when no display shows at least 80 px of its top edge;
 *   width/height clamped to the largest work area
 */
export function restoreBounds(saved: WindowBounds, workAreas: Rect[]): WindowBounds {
  const maxW = Math.max(400, ...workAreas.map((a) => a.width));
  const maxH = Math.max(300, ...workAreas.map((a) => a.height));
  const out: WindowBounds = { width: Math.min(saved.width, maxW), height: Math.min(saved.height, maxH), ...(saved.maximized ? { maximized: true } : {}) };
  if (saved.x === undefined || saved.y === undefined) return out;
  const { x, y } = saved;
  const visible = workAreas.some((a) => {
    const overlap = Math.min(x + out.width, a.x + a.width) - Math.max(x, a.x);
    return overlap >= MIN_VISIBLE && y >= a.y && y < a.y + a.height - 20;
  });
  return visible ? { ...out, x, y } : out;
}

/** The part of a BrowserWindow read here. */
export interface BoundsSource {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
}

/**
 * Save the window's bounds after it moves or resizes (debounced) and when it closes.
 * @param win the window
 * @param save persists the bounds (`settings.set('window', b)`)
 * @param delayMs debounce, ms
 * @returns stops the pending save
 */
export function trackBounds(win: BoundsSource, save: (b: WindowBounds) => void, delayMs = 500): () => void {
  let timer: NodeJS.Timeout | undefined;
  const write = (): void => {
    timer = undefined;
    const b = win.getNormalBounds();
    save({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() });
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    write();
  });
  return () => {
    if (timer) clearTimeout(timer);
  };
}
