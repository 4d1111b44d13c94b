/**
 * Read a phone's MAC address as a technician types or pastes it, and say what is wrong with it.
 * Pure. Sources: shared/mac.ts (notations); IEEE 802 (the I/G bit, bit 0 of the first octet, set
 * = group/multicast address, never a device's own); IEEE OUI registry (Polycom `00:04:F2`,
 * `64:16:7F`, `48:25:67`); MegaPath IP650/IP670 Enrollment Guide, Appendix A step 6 ("It begins
 * with 0004").
 */
import { DEFAULT_MAC, MacError, normalizeMac, ouiOf } from '../mac';

/** OUIs registered to Polycom/Poly (IEEE OUI registry), as 6 uppercase hex digits. */
export const POLYCOM_OUIS: readonly string[] = ['0004F2', '64167F', '482567'];

/** A MAC that can be typed as the reset password, with warnings that do not stop it. */
export interface PhoneMac {
  /** 12 lowercase hex digits. */
  mac: string;
  /** Things to check before typing it (e.g. not a Polycom prefix). */
  warnings: string[];
}

/**
 * Parse a phone's MAC from any common notation (`00:04:f2:ab:cd:ef`, `00-04-F2-AB-CD-EF`,
 * `0004.f2ab.cdef`, bare) and check it can be a phone's own address.
 * @param input the text as typed or pasted
 * @returns the normalised MAC and warnings (non-Polycom prefix)
 * @throws MacError with `reason`: wrong length, non-hex characters, multicast bit set, all zeros
 */
export function parsePhoneMac(input: string): PhoneMac {
  const mac = normalizeMac(input);
  const first = parseInt(mac.slice(0, 2), 16);
  if (first & 1) {
    throw new MacError(input, `its first byte ${mac.slice(0, 2)} has the multicast bit set, so it cannot be a phone's own address; check the label for a misread digit`);
  }
  if (mac === DEFAULT_MAC) throw new MacError(input, 'all zeros is the name of the default configuration, not a phone');
  const warnings: string[] = [];
  if (!POLYCOM_OUIS.includes(ouiOf(mac))) {
    warnings.push(
      `${mac.slice(0, 6)} is not a Polycom prefix (Polycom MACs start with 0004f2, 64167f or 482567). Check the label: the reset password is the phone's own MAC.`,
    );
  }
  return { mac, warnings };
}
