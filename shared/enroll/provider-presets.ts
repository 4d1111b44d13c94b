/**
 * Provider presets for the wizard's target step: named choices the user picks, never a default.
 * Each says what its document gives — a fixed address (MegaPath's public boot server) or only the
 * server type and port, the address being the user's own server — so the wizard can show the
 * address for confirmation before anything is sent to a phone. Pure.
 * Sources: MegaPath IP650/IP670 Enrollment Guide, Normal path steps 9-16 (HTTP,
 * 72.245.184.168/mpv); AltiGen MAXCS Polycom Configuration Guide, Step 9 (Server Type HTTP, Server
 * Address = the MAXCS server's IP address); Genesys CIC Managed IP Phones guide, "To configure a
 * Polycom phone's boot server" step 3 (HTTP, the CIC server's name or address, a colon, port 8088).
 */
import type { AddressProcedureId } from '../keypad/address-procedures';

/** One preset. */
export interface ProviderPreset {
  id: 'megapath' | 'altigen' | 'cic';
  /** Name for people, e.g. `MegaPath Voice`. */
  name: string;
  /** Server Type the document gives. */
  type: 'http' | 'https' | 'ftp' | 'tftp';
  /** A fixed address the document gives (the provider's public server); absent when it is the user's own server. */
  address?: string;
  /** What to type when there is no fixed address, e.g. `your MAXCS server’s IP address`. */
  addressHint?: string;
  /** Port the document adds after the host (CIC: 8088). */
  port?: number;
  /** The document, as a person names it, with its step. */
  source: string;
  /** Keypad procedure that goes with it. */
  procedure: AddressProcedureId;
}

/** The presets, in the order shown. None is chosen by default. */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'megapath',
    name: 'MegaPath Voice',
    type: 'http',
    address: '72.245.184.168/mpv',
    source: 'MegaPath IP650/IP670 Enrollment Guide, Normal path steps 9-16',
    procedure: 'megapath',
  },
  {
    id: 'altigen',
    name: 'AltiGen MAXCS',
    type: 'http',
    addressHint: 'your MAXCS server’s IP address, e.g. 192.168.1.220',
    source: 'AltiGen MAXCS Polycom Configuration Guide, Step 9',
    procedure: 'altigen',
  },
  {
    id: 'cic',
    name: 'Genesys CIC (PureConnect)',
    type: 'http',
    addressHint: 'your CIC server’s name or IP address, then :8088, e.g. 10.20.0.157:8088',
    port: 8088,
    source: 'Genesys CIC Managed IP Phones guide, “To configure a Polycom phone’s boot server”, step 3',
    procedure: 'cic',
  },
];

/**
 * A preset by id.
 * @returns undefined for an unknown id
 */
export function providerPreset(id: string | undefined): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}

/**
 * The address a preset starts the form with: its fixed address, or empty (the user types theirs).
 * @param p the preset
 */
export function presetAddress(p: ProviderPreset): string {
  return p.address ?? '';
}
