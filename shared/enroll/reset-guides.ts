/**
 * Factory reset guides per vendor, as wizard steps with their sources:
 * - Polycom, password known, phone menus: MegaPath IP650/IP670 Enrollment Guide, Appendix B.
 * - Polycom, web UI: AltiGen MAXCS Polycom Configuration Guide, Step 1.
 * - Polycom, password lost: Appendix A (the Lost password helper, ../keypad/).
 * - Toshiba IPedge IP5000: Toshiba IPedge IP Telephone Auto Configuration guide, LCD reset.
 * - Interaction SIP Station I / II: Genesys CIC Managed IP Phones guide, network settings reset.
 * - AudioCodes 405HD/420HD/430HD/440HD (no provider guide gives one): the vendor's public AudioCodes 400HD
 *   Series IP Phones Administrator's Manual ("Accessing the Administration Menu", default admin
 *   password 1234) and the FreePBX "Supported Devices – AudioCodes" page ("Reset to Factory
 *   Defaults"); docs/sources.md, "AudioCodes reset guide". Not verified on a phone by ProvKit.
 * Pure data.
 */
import type { ProcedureStep } from './seed-steps';

/** Vendors the wizard can reset. */
export type ResetVendor = 'polycom' | 'toshiba' | 'iss' | 'audiocodes';

/** Reset methods. */
export type ResetMethod = 'polycom-menu' | 'polycom-web' | 'polycom-lost-password' | 'toshiba-ip5000' | 'iss-1' | 'iss-2' | 'audiocodes-menu';

/** One guide. */
export interface ResetGuide {
  id: ResetMethod;
  vendor: ResetVendor;
  title: string;
  /** When to use it. */
  when: string;
  steps: readonly ProcedureStep[];
  /** What the reset does not cover, or a warning. */
  caution?: string;
}

/** Public vendor documents (no provider guide covers AudioCodes resets). */
const AC_MANUAL = 'AudioCodes 400HD Series IP Phones Administrator’s Manual, “Accessing the Administration Menu”';
const AC_FREEPBX = 'FreePBX wiki, “Supported Devices – AudioCodes”, “Reset to Factory Defaults”';

/** Interaction SIP Station I or II: the same procedure, different buttons (Genesys CIC guide). */
function issGuide(n: 1 | 2, hold: string, holdLine: string): ResetGuide {
  return {
    id: `iss-${n}`,
    vendor: 'iss',
    title: `Interaction SIP Station ${n === 1 ? 'I' : 'II'}: reset network settings`,
    when: 'Wrong VLAN or static IP settings keep the unit off the network.',
    steps: [
      { id: `i${n}-unplug`, text: 'Disconnect the network cable (this also removes power). Wait a few seconds.', source: `Genesys CIC Managed IP Phones guide, “To reset Interaction SIP Station to factory default network settings”, steps 1-2` },
      { id: `i${n}-hold`, text: hold, source: `Genesys CIC Managed IP Phones guide, “To reset Interaction SIP Station to factory default network settings”, ${holdLine}` },
      { id: `i${n}-plug`, text: 'Plug the network cable back in: the unit restarts.', source: `Genesys CIC Managed IP Phones guide, “To reset Interaction SIP Station to factory default network settings”, step 4` },
      { id: `i${n}-purple`, text: 'Keep holding until the light blinks purple three times: network settings are back to factory defaults.', source: `Genesys CIC Managed IP Phones guide, “To reset Interaction SIP Station to factory default network settings”, step 5` },
    ],
    caution: 'Only the network administrator should do this, not an agent (Genesys CIC Managed IP Phones guide).',
  };
}

/** Every guide, Polycom first. */
export const RESET_GUIDES: readonly ResetGuide[] = [
  {
    id: 'polycom-menu',
    vendor: 'polycom',
    title: 'Polycom: reset from the phone’s menu',
    when: 'You know the phone’s admin password (try 456).',
    steps: [
      { id: 'pm-menu', text: 'Press the Menu key.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix B: Factory Reset”, step 1` },
      { id: 'pm-advanced', text: 'Select Settings, then Advanced.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix B: Factory Reset”, step 2` },
      { id: 'pm-password', text: 'Enter the phone password.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix B: Factory Reset”, step 3` },
      { id: 'pm-defaults', text: 'Go to Admin Settings and press the Reset to Defaults option.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix B: Factory Reset”, step 4` },
      { id: 'pm-factory', text: 'Select Reset To Factory, and when prompted, choose Yes.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix B: Factory Reset”, step 5` },
      { id: 'pm-wait', text: 'The phone resets all settings. This may take a couple of minutes.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix B: Factory Reset”, step 6` },
    ],
  },
  {
    id: 'polycom-web',
    vendor: 'polycom',
    title: 'Polycom: reset from the web configuration utility',
    when: 'The phone is at the idle screen on this network and you know its admin password.',
    steps: [
      { id: 'pw-ip', text: 'Find the phone’s IP address: Menu → Settings → Status → Network → TCP/IP Parameters. Note it.', source: `AltiGen MAXCS Polycom Configuration Guide, “Log into the Phone's Web Configuration Utility”, step 2` },
      { id: 'pw-open', text: 'Open http://<phone IP> in a browser (some phones need https://).', source: `AltiGen MAXCS Polycom Configuration Guide, “Log into the Phone's Web Configuration Utility”, step 3` },
      { id: 'pw-login', text: 'Log in with the admin password (default 456).', source: `AltiGen MAXCS Polycom Configuration Guide, “Log into the Phone's Web Configuration Utility”, step 4` },
      { id: 'pw-restore', text: 'Select Utilities → Phone Backup & Restore → Global Settings and click Restore.', source: `AltiGen MAXCS Polycom Configuration Guide, “Reset the Phone to Factory Settings”, steps 1-2` },
    ],
  },
  {
    id: 'polycom-lost-password',
    vendor: 'polycom',
    title: 'Polycom: password unknown — reset at boot with the MAC',
    when: 'Neither the provider’s password nor 456 works.',
    steps: [
      { id: 'pl-helper', text: 'Open the Lost password helper: it shows the keys to hold at boot and the MAC key by key.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”` },
      { id: 'pl-after', text: 'After the reset the admin password is 456.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 14` },
    ],
  },
  {
    id: 'toshiba-ip5000',
    vendor: 'toshiba',
    title: 'Toshiba IPedge IP5000: reset at the keypad',
    when: 'The phone was configured before: IPT Auto Config only works from factory defaults.',
    steps: [
      { id: 'tk-keys', text: 'Press 3 + 6 + 9 + Hold together.', source: `Toshiba IPedge IP Telephone Auto Configuration guide, “To reset the LCD settings to Factory defaults”, step 1` },
      { id: 'tk-volume', text: 'Press Volume (the guide’s arrow after “Volume” is unreadable in the copy ProvKit follows: try Volume down first).', source: `Toshiba IPedge IP Telephone Auto Configuration guide, “To reset the LCD settings to Factory defaults”, step 2` },
      { id: 'tk-hold', text: 'Press Hold to enter Initializing Mode.', source: `Toshiba IPedge IP Telephone Auto Configuration guide, “To reset the LCD settings to Factory defaults”, step 3` },
      {
        id: 'tk-fb',
        text: 'Press the feature buttons to reset (each lights red): FB01 terminal data, FB02 LCD contrast/backlight, FB03 network data, FB04 analog CO (IP5122-SDC only).',
        source: `Toshiba IPedge IP Telephone Auto Configuration guide, “To reset the LCD settings to Factory defaults”, steps 4-5`,
      },
      { id: 'tk-save', text: 'Press Hold to save the selection.', source: `Toshiba IPedge IP Telephone Auto Configuration guide, “To reset the LCD settings to Factory defaults”, step 6` },
      { id: 'tk-hook', text: 'Lift the handset and put it back (off-hook, on-hook): the phone resets.', source: `Toshiba IPedge IP Telephone Auto Configuration guide, “To reset the LCD settings to Factory defaults”, step 7` },
    ],
    caution: 'The IP5000 then finds its IPedge server through DHCP option 43 (Toshiba IPedge IP Telephone Auto Configuration guide, “Discovery”): check the DHCP page.',
  },
  issGuide(1, 'Press and hold both round buttons on the top of the unit.', 'step 3'),
  issGuide(2, 'Press and hold the Mute and Volume down buttons.', 'step 3'),
  {
    id: 'audiocodes-menu',
    vendor: 'audiocodes',
    title: 'AudioCodes 405HD/420HD/430HD/440HD: restore defaults from the phone’s menu',
    when: 'The phone was set up before (another server, static settings): it reads DHCP option 160 again from factory defaults.',
    steps: [
      { id: 'ac-menu', text: 'Press the MENU key.', source: AC_MANUAL },
      { id: 'ac-admin', text: 'Select Administration and enter the admin password (factory default 1234).', source: `${AC_MANUAL}; ${AC_FREEPBX}` },
      { id: 'ac-restore', text: 'Select Restore Defaults (some releases: Restore to Defaults) and confirm with Yes.', source: AC_FREEPBX },
      { id: 'ac-wait', text: 'The phone restarts with factory settings; the admin password is 1234 again.', source: AC_FREEPBX },
    ],
    caution: 'Taken from AudioCodes’ and FreePBX’s public documents, not checked on a phone by ProvKit: menu names differ between firmware releases (Teams/Skype for Business firmware has other menus) — if a step does not match your screen, follow the Administrator’s Manual for your firmware version.',
  },
];

/**
 * The guides for one vendor.
 * @param vendor which vendor
 * @returns its guides in the order a technician should consider them
 */
export function guidesFor(vendor: ResetVendor): ResetGuide[] {
  return RESET_GUIDES.filter((g) => g.vendor === vendor);
}

/**
 * One guide by id.
 * @throws Error for an unknown id (a programming error: ids come from {@link RESET_GUIDES})
 */
export function resetGuide(id: ResetMethod): ResetGuide {
  const g = RESET_GUIDES.find((x) => x.id === id);
  if (!g) throw new Error(`unknown reset guide ${id}`);
  return g;
}
