import { describe, expect, it } from 'vitest';
import { takePageToken, TOKEN_KEY, type PageLike } from '../../renderer/src/api/page-token';

function fakePage(href: string) {
  const store = new Map<string, string>();
  const page: PageLike & { replaced: string[] } = {
    replaced: [],
    location: { href },
    history: { replaceState: (_d, _u, url) => void page.replaced.push(url ?? '') },
    sessionStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
  };
  return { page, store };
}

describe('takePageToken', () => {
  it('takes ?token= from the address, keeps it for the tab and strips it from the address bar (hash kept)', () => {
    const { page, store } = fakePage('http://127.0.0.1:7780/?token=f00d&x=1#/phones/0004f2000001');
    expect(takePageToken(page)).toBe('f00d');
    expect(store.get(TOKEN_KEY)).toBe('f00d');
    expect(page.replaced).toEqual(['/?x=1#/phones/0004f2000001']);
  });

  it('falls back to the token kept for the tab; none when never given', () => {
    const { page, store } = fakePage('http://127.0.0.1:7780/#/servers');
    expect(takePageToken(page)).toBeUndefined();
    store.set(TOKEN_KEY, 'beef');
    expect(takePageToken(page)).toBe('beef');
    expect(page.replaced).toEqual([]);
  });
});
