/**
 * The enrollment guide's procedures as data, worded after the MegaPath IP650/IP670 Enrollment
 * Guide (Requirements, Normal path, Boot path, Troubleshooting), with the target's server type and
 * address filled in. The
 * address steps become one `address` step that the wizard renders as a key plan. Pure.
 */
import type { SourcedStep } from '../keypad/procedure';


/** One step of a procedure. `address`: type the server address (the UI shows the key plan). */
export interface ProcedureStep extends SourcedStep {
  /** Stable id, for the ticks saved with the wizard state. */
  id: string;
  kind?: 'address' | 'warning';
}

/** The guide's enrollment paths. */
export type KeypadPath = 'normal' | 'boot';

/** How the phone should reach its boot server: what goes in Server Type and Server Address. */
export interface ServerEntry {
  /** `HTTP`, `FTP`, `TFTP`, `HTTPS` as the phone's menu shows it. */
  typeLabel: string;
  /** What to type in Server Address, e.g. `72.245.184.168/mpv`. */
  address: string;
}

/**
 * The steps of one path, for the phone at hand.
 * @param path `normal` (phone at the idle screen) or `boot` (phone keeps rebooting)
 * @param entry the server type and address to enter
 * @returns steps in order, with their sources (document, section, step)
 */
export function enrollmentSteps(path: KeypadPath, entry: ServerEntry): ProcedureStep[] {
  const type = entry.typeLabel;
  if (path === 'normal') {
    return [
      { id: 'n-menu', text: 'Press the Menu key below the screen.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 1` },
      { id: 'n-advanced', text: 'Go to Settings, then Advanced.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 2` },
      { id: 'n-password', text: 'Enter the admin password and press OK: the one your provider gave you, else the default 456. If neither works, use the Lost password helper.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 3` },
      { id: 'n-nav', text: 'Arrow keys move up and down, the left arrow backs up, ✓ selects.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 4` },
      { id: 'n-admin', text: 'Select Admin Settings.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 5` },
      { id: 'n-dhcp', text: 'Select Network Configuration, then Prov Server, then DHCP Menu.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 6` },
      { id: 'n-static', text: 'Select Boot Server and press left or right until you see Static, then press OK.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 7` },
      { id: 'n-back', text: 'Press Back.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 8` },
      { id: 'n-type', text: `Select Server Type and press left or right until you see ${type}, then press OK.`, source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 9` },
      { id: 'n-address-field', text: 'Select Server Address. If there is anything in the field, press X to clear it.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, steps 10-11` },
      { id: 'n-address', kind: 'address', text: `Type ${entry.address} with the keys below.`, source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, steps 12-16` },
      { id: 'n-check', text: `Check the screen shows the complete address: ${entry.address}. Errors: X erases, then type again.`, source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, steps 15-16` },
      { id: 'n-ok', text: 'Press OK.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 17` },
      { id: 'n-save', text: 'Press Back several times until you get a prompt to save, and choose Save Config.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, steps 18-20` },
      { id: 'n-restart', text: 'The phone should restart after a moment and configure itself.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 21` },
      {
        id: 'n-no-restart',
        kind: 'warning',
        text: 'No restart after a minute? Do not power-cycle it! Press Menu, go to Settings, then Basic, select Restart Phone and press Yes.',
        source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Normal)”, step 22`,
      },
    ];
  }
  return [
    { id: 'b-replug', text: 'Unplug the phone and then plug it back in.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 1` },
    { id: 'b-loading', text: 'As the phone starts you will see “Loading Application”: press the Cancel soft key.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, steps 2-3` },
    { id: 'b-setup', text: 'You will see a countdown, “5 sec until boot”: press the soft key under Setup.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, steps 4-5` },
    { id: 'b-password', text: 'Enter the admin password and press OK: the one your provider gave you, else the default 456. If neither works, use the Lost password helper.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 6` },
    { id: 'b-nav', text: 'Arrow keys move up and down, the left arrow backs up, ✓ selects.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 7` },
    { id: 'b-prov', text: 'Select Provisioning Server, then DHCP Menu.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, steps 8-9` },
    { id: 'b-static', text: 'Select Boot Server and press left or right until you see Static, then press OK.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 10` },
    { id: 'b-exit', text: 'Press the soft key under Exit to back up.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 11` },
    { id: 'b-type', text: `Select Server Type and press left or right until you see ${type}, then press OK.`, source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 12` },
    { id: 'b-address-field', text: 'Select Server Address. If there is anything in the field, press X to clear it.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, steps 13-14` },
    { id: 'b-address', kind: 'address', text: `Type ${entry.address} with the keys below, then press OK.`, source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 15` },
    { id: 'b-save', text: 'Press Exit several times until you get a prompt to save, and choose Save & Reboot.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, steps 16-17` },
    { id: 'b-restart', text: 'The phone should restart after a moment and configure itself.', source: `MegaPath IP650/IP670 Enrollment Guide, “Enrollment Process (Boot)”, step 18` },
  ];
}

/** The guide's time budget after the restart: up to twenty minutes, several reboots. */
export const ENROLL_BUDGET_MS = 20 * 60_000;

/** What to expect meanwhile (the guide, after each path). */
export const WHILE_WAITING =
  'The phone may spend up to twenty minutes configuring itself and upgrading firmware. It will reboot several times and may show many messages, or seem to do nothing while it installs software in the background.';

/** Requirements before enrolling with MegaPath (the guide's “Requirements”). */
export const REQUIREMENTS: readonly ProcedureStep[] = [
  { id: 'r-workflow', text: 'The phone has been through the provider’s “Enroll Phones” workflow.', source: `MegaPath IP650/IP670 Enrollment Guide, “Requirements”` },
  { id: 'r-five-days', text: 'That workflow was followed within the last five days.', source: `MegaPath IP650/IP670 Enrollment Guide, “Requirements”` },
  { id: 'r-ip', text: 'The public IP address of this site’s internet connection was entered in that workflow.', source: `MegaPath IP650/IP670 Enrollment Guide, “Requirements”` },
];

/** The troubleshooting checklist, in the guide's order. */
export const TROUBLESHOOTING: readonly ProcedureStep[] = [
  { id: 't-reset', text: 'Was the phone factory reset before you started? If not, reset it and start again.', source: `MegaPath IP650/IP670 Enrollment Guide, “Troubleshooting”` },
  { id: 't-jack', text: 'Is the network jack known to work? Try the phone at a jack where another phone works.', source: `MegaPath IP650/IP670 Enrollment Guide, “Troubleshooting”` },
  { id: 't-cable', text: 'Is the network cable good? Borrow the cable of a phone that works.', source: `MegaPath IP650/IP670 Enrollment Guide, “Troubleshooting”` },
  { id: 't-lan-port', text: 'Is the cable in the phone’s LAN port, not the PC port? It must be the LAN port.', source: `MegaPath IP650/IP670 Enrollment Guide, “Troubleshooting”` },
  {
    id: 't-link',
    text: 'Is the phone connected? At the idle screen: Menu → Settings → Status → Network → Ethernet: the LAN Port field should say Active. If not, try another jack or cable.',
    source: `MegaPath IP650/IP670 Enrollment Guide, “Troubleshooting”`,
  },
  {
    id: 't-ip',
    text: 'Is the phone getting an IP address? Menu → Settings → Status → Network → TCP/IP: an IP of 0.0.0.0 means none. Try another jack or cable.',
    source: `MegaPath IP650/IP670 Enrollment Guide, “Troubleshooting”`,
  },
];
