/**
 * Hash routes of the app (`#/phones`, `#/phones/<mac>`, `#/servers`, ...) and a hook to follow them.
 */
import { useEffect, useState } from 'react';
import { tryNormalizeMac } from '../../shared/mac';

/** The app's areas, in navigation order. */
export const AREAS = [
  { id: 'phones', label: 'Phones' },
  { id: 'servers', label: 'Servers' },
  { id: 'log', label: 'Log' },
  { id: 'dhcp', label: 'DHCP' },
  { id: 'enroll', label: 'Enroll' },
  { id: 'lost-password', label: 'Lost password' },
  { id: 'firmware', label: 'Firmware' },
] as const;

/** One area's id. */
export type AreaId = (typeof AREAS)[number]['id'];

/** A parsed route: an area, or one phone's page. */
export type Route = { area: AreaId; mac?: undefined } | { area: 'phones'; mac: string };

/**
 * Parse a location hash.
 * @param hash `location.hash`, e.g. `#/phones/0004f2aabbcc`
 * @returns the route; unknown or empty hashes go to the Phones list
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const area = AREAS.find((a) => a.id === parts[0])?.id ?? 'phones';
  if (area === 'phones' && parts[1]) {
    const mac = tryNormalizeMac(parts[1]);
    if (mac) return { area: 'phones', mac };
  }
  return { area };
}

/**
 * The hash for a route.
 * @param route an area, optionally with a phone MAC
 * @returns e.g. `#/servers`, `#/phones/0004f2aabbcc`
 */
export function hrefFor(route: Route): string {
  return route.mac ? `#/phones/${route.mac}` : `#/${route.area}`;
}

/**
 * Follow `location.hash`.
 * @returns the current route, updated on every hash change
 */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/**
 * Go to a route.
 * @param route where to go
 */
export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
