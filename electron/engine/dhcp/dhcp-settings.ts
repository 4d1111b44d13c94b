/**
 * Saved DHCP settings (`<data>/dhcp.json`, written atomically): interface, sniffer backend, the
 * boot-server modes verdicts assume (docs/sources.md §2), and the bench server (off by default; it is never
 * started automatically).
 */
import type { DhcpSettings } from '../../../shared/dhcp-dto';
import { readJson, writeJsonAtomic } from '../atomic-file';
import { PHONE_PREFIXES } from './bench-server';

/** Defaults for a new data directory. */
export const DEFAULT_DHCP_SETTINGS: DhcpSettings = {
  iface: '',
  backend: 'auto',
  polycomMode: 'custom+66',
  polycomCustomOption: 160,
  polycomCustomType: 'string',
  audiocodesOption: 160,
  bench: {
    iface: '',
    poolStart: '',
    poolEnd: '',
    subnetMask: '255.255.255.0',
    router: '',
    dns: [],
    ntp: [],
    leaseSeconds: 3600,
    allow: PHONE_PREFIXES,
    bootUrl: '',
    bootOptions: [160, 66],
    option43Hex: '',
    vlan: 0,
    vlanOption: 128,
  },
};

/**
 * Load the settings, defaults filled in.
 * @throws SyntaxError (with the path) when the file is not JSON
 */
export async function loadDhcpSettings(file: string): Promise<DhcpSettings> {
  const saved = await readJson<Partial<DhcpSettings>>(file, {});
  return { ...DEFAULT_DHCP_SETTINGS, ...saved, bench: { ...DEFAULT_DHCP_SETTINGS.bench, ...(saved.bench ?? {}) } };
}

/** Save the settings atomically. @throws the fs error */
export function saveDhcpSettings(file: string, s: DhcpSettings): Promise<void> {
  return writeJsonAtomic(file, s);
}
