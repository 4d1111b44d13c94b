/**
 * Phones the probe can imitate: their MAC prefix, option 60 (binary RFC 3925 form for
 * Polycom, plain text for AudioCodes and Toshiba, docs/sources.md §2), option 77 and parameter request list,
 * and how each picks its boot server. Version strings are representative examples; they only make
 * servers that match on vendor class answer as they would to the real phone.
 */
import type { ProbeProfileId } from '../../../shared/dhcp-dto';
import { findPolycomModel } from '../../../shared/models';
import { textBytes } from './codec/bytes';
import { encodePolycomVendorClass } from './codec/vendor-class';
import { POLYCOM_DEFAULT, type BootPolicy } from './boot-server';

/** A phone profile. */
export interface ProbeProfile {
  id: ProbeProfileId;
  /** Name for people (`VVX 400`). */
  label: string;
  /** MAC prefix (6 hex digits) used when no MAC is given. */
  oui: string;
  /** Option 60 data. */
  vendorClass?: Uint8Array;
  /** Option 77 data. */
  userClass?: Uint8Array;
  /** Option 55. */
  requested: number[];
  policy: BootPolicy;
}

const POLYCOM_PRL = [1, 2, 3, 4, 6, 7, 12, 15, 28, 42, 43, 66, 128, 144, 150, 157, 160, 191];

function polycom(id: ProbeProfileId, code: string, family: string, app: string, boot: string): ProbeProfile {
  const m = findPolycomModel(code)!;
  return {
    id,
    label: m.displayName,
    oui: '0004f2',
    vendorClass: encodePolycomVendorClass({ model: `${family}-${m.uaToken}`, partNumber: `${m.partNumber},1`, appVersion: app, bootromVersion: boot }),
    requested: POLYCOM_PRL,
    policy: POLYCOM_DEFAULT,
  };
}

/**
 * The profile for an id.
 * @param id profile id
 * @param opts `vendorClass` text for the custom profile; `policy` overrides the Polycom mode from settings
 */
export function probeProfile(id: ProbeProfileId, opts: { vendorClass?: string; polycomPolicy?: BootPolicy; audiocodesOption?: number } = {}): ProbeProfile {
  switch (id) {
    case 'vvx400': {
      const p = polycom(id, 'VVX400', 'VVX', 'SIP/5.9.0.9373/16-Aug-19 10:09', 'UP/5.9.0.9373/16-Aug-19 10:09');
      return { ...p, policy: opts.polycomPolicy ?? p.policy };
    }
    case 'spip650': {
      const p = polycom(id, 'SPIP650', 'SoundPointIP', 'SIP/4.0.15.1047/12-Dec-19 13:06', 'BR/5.0.0.0000/03-Dec-12 10:00');
      return { ...p, policy: opts.polycomPolicy ?? p.policy };
    }
    case 'audiocodes-420hd':
      return { id, label: 'AudioCodes 420HD', oui: '00908f', vendorClass: textBytes('420HD'), userClass: textBytes('420HD'), requested: [1, 2, 3, 4, 6, 15, 42, 43, 66, 67, 120, 132, 160], policy: { vendor: 'audiocodes', urlOption: opts.audiocodesOption ?? 160 } };
    case 'toshiba-ip5000':
      return { id, label: 'Toshiba IP5000', oui: '02a0b0', vendorClass: textBytes('TOSHIBA IPedge'), requested: [1, 3, 6, 15, 43, 60], policy: { vendor: 'toshiba' } };
    case 'custom':
      return { id, label: 'custom client', oui: '02a0b1', ...(opts.vendorClass ? { vendorClass: textBytes(opts.vendorClass) } : {}), requested: [1, 3, 6, 15, 42, 43, 66, 67, 150, 160], policy: { vendor: 'generic' } };
  }
}
