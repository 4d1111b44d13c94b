/**
 * DHCP facts per phone family, as the vendor and provider documents give them (docs/sources.md,
 * "DHCP option builders"):
 * - Genesys PureConnect CIC Managed IP Phones guide, "Required DHCP Option Provisioning Records":
 *   which records each family uses (Polycom; Interaction SIP Station I/II, AudioCodes and Genesys;
 *   SIP Soft Phone), the recovery firmware file per model for option 67 set per vendor class, and
 *   the recommendation not to use option 66 for Polycom phones.
 * - Toshiba IPedge "IPT Auto Config": option 43 scoped to the vendor class `TOSHIBA IPedge`.
 */

/** Phone families the builders know. */
export type PhoneFamily = 'polycom' | 'iss' | 'audiocodes' | 'genesys' | 'sip-soft-phone' | 'toshiba';

/** Every family, for argument checks. */
export const PHONE_FAMILIES: readonly PhoneFamily[] = ['polycom', 'iss', 'audiocodes', 'genesys', 'sip-soft-phone', 'toshiba'];

/**
 * Recovery-mode firmware file (option 67) by the vendor class the phone sends in option 60
 * (CIC guide, "Option 067" and "Configure DHCP Records for Multiple Phone Model Recovery").
 * Genesys 405/405HD/420HD/430HD/440HD phones use the AudioCodes file of the same model.
 */
export const CIC_RECOVERY_FILES: Readonly<Record<string, string>> = {
  SIP100: 'sip100.img',
  SIP200: 'sip200.img',
  '405': '405.img',
  '405HD': '405hd.img',
  '420HD': '420hd.img',
  '430HD': '430hd.img',
  '440HD': '440hd.img',
};

/** The vendor class Toshiba IP5000 phones send, to which option 43 is limited (IPedge guide). */
export const TOSHIBA_VENDOR_CLASS = 'TOSHIBA IPedge';

/**
 * The boot-server options a family reads when none are chosen.
 * @returns Polycom: 160 only (CIC guide: 160 takes precedence, do not use 66 for Polycom);
 *   ISS/AudioCodes/Genesys/SIP Soft Phone: 160 (their default record; 66 is their recovery TFTP
 *   server, built from its own field); no family: 160 and 66
 */
export function defaultBootOptions(family: PhoneFamily | undefined): Array<66 | 160> {
  return family === undefined ? [160, 66] : [160];
}
