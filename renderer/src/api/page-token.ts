/**
 * The headless API's access token as the page holds it (the Jupyter way): `provkit serve` prints
 * `http://127.0.0.1:7780/?token=…`; the page takes the token from its address, keeps it for the tab
 * (sessionStorage) and removes it from the address bar so it is not bookmarked, shared or shown.
 */

/** sessionStorage key of the token. */
export const TOKEN_KEY = 'provkit-token';

/** What the function needs from the browser (injectable in tests). */
export interface PageLike {
  location: { href: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * Take `?token=` from the page address (stored for the tab, then removed from the address bar),
 * else the token stored earlier in this tab.
 * @param page the window (default `window`)
 * @returns the token, or undefined when the page was opened without one
 */
export function takePageToken(page: PageLike = window): string | undefined {
  const url = new URL(page.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      page.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      /* storage off: the session cookie the server set still works */
    }
    url.searchParams.delete('token');
    page.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return page.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
