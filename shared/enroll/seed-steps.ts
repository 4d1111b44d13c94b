/**
 * The enrollment guide's procedures as data, worded after seed
 * `polycom-ip650-670-enrollment-guide.txt` (Requirements L31-39, Normal path L60-108, Boot path
 * L110-140, Troubleshooting L142-170), with the target's server type and address filled in. The
 * address steps become one `address` step that the wizard renders as a key plan. Pure.
 */
import type { SourcedStep } from '../keypad/procedure';

const SEED = 'seed polycom-ip650-670-enrollment-guide.txt';

/** One step of a procedure. `address`: type the server address (the UI shows the key plan). */
export interface ProcedureStep extends SourcedStep {
  /** Stable id, for the ticks saved with the wizard state. */
  id: string;
  kind?: 'address' | 'warning';
}

/** The seed's enrollment paths. */
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
 * @param path `normal` (phone at the idle screen, L60-108) or `boot` (phone keeps rebooting, L110-140)
 * @param entry the server type and address to enter
 * @returns steps in order, with their seed lines
 */
export function enrollmentSteps(path: KeypadPath, entry: ServerEntry): ProcedureStep[] {
  const type = entry.typeLabel;
  if (path === 'normal') {
    return [
      { id: 'n-menu', text: 'Press the Menu key below the screen.', source: `${SEED} L66` },
      { id: 'n-advanced', text: 'Go to Settings, then Advanced.', source: `${SEED} L67` },
      { id: 'n-password', text: 'Enter the admin password and press OK: the one your provider gave you, else the default 456. If neither works, use the Lost password helper.', source: `${SEED} L68-71` },
      { id: 'n-nav', text: 'Arrow keys move up and down, the left arrow backs up, ✓ selects.', source: `${SEED} L72` },
      { id: 'n-admin', text: 'Select Admin Settings.', source: `${SEED} L73` },
      { id: 'n-dhcp', text: 'Select Network Configuration, then Prov Server, then DHCP Menu.', source: `${SEED} L74` },
      { id: 'n-static', text: 'Select Boot Server and press left or right until you see Static, then press OK.', source: `${SEED} L75` },
      { id: 'n-back', text: 'Press Back.', source: `${SEED} L76` },
      { id: 'n-type', text: `Select Server Type and press left or right until you see ${type}, then press OK.`, source: `${SEED} L77` },
      { id: 'n-address-field', text: 'Select Server Address. If there is anything in the field, press X to clear it.', source: `${SEED} L78-79` },
      { id: 'n-address', kind: 'address', text: `Type ${entry.address} with the keys below.`, source: `${SEED} L80-87` },
      { id: 'n-check', text: `Check the screen shows the complete address: ${entry.address}. Errors: X erases, then type again.`, source: `${SEED} L86-88` },
      { id: 'n-ok', text: 'Press OK.', source: `${SEED} L89` },
      { id: 'n-save', text: 'Press Back several times until you get a prompt to save, and choose Save Config.', source: `${SEED} L90-94` },
      { id: 'n-restart', text: 'The phone should restart after a moment and configure itself.', source: `${SEED} L96` },
      {
        id: 'n-no-restart',
        kind: 'warning',
        text: 'No restart after a minute? Do not power-cycle it! Press Menu, go to Settings, then Basic, select Restart Phone and press Yes.',
        source: `${SEED} L98-104`,
      },
    ];
  }
  return [
    { id: 'b-replug', text: 'Unplug the phone and then plug it back in.', source: `${SEED} L112` },
    { id: 'b-loading', text: 'As the phone starts you will see “Loading Application”: press the Cancel soft key.', source: `${SEED} L113-114` },
    { id: 'b-setup', text: 'You will see a countdown, “5 sec until boot”: press the soft key under Setup.', source: `${SEED} L115-116` },
    { id: 'b-password', text: 'Enter the admin password and press OK: the one your provider gave you, else the default 456. If neither works, use the Lost password helper.', source: `${SEED} L117-120` },
    { id: 'b-nav', text: 'Arrow keys move up and down, the left arrow backs up, ✓ selects.', source: `${SEED} L121` },
    { id: 'b-prov', text: 'Select Provisioning Server, then DHCP Menu.', source: `${SEED} L122-123` },
    { id: 'b-static', text: 'Select Boot Server and press left or right until you see Static, then press OK.', source: `${SEED} L124` },
    { id: 'b-exit', text: 'Press the soft key under Exit to back up.', source: `${SEED} L125` },
    { id: 'b-type', text: `Select Server Type and press left or right until you see ${type}, then press OK.`, source: `${SEED} L126` },
    { id: 'b-address-field', text: 'Select Server Address. If there is anything in the field, press X to clear it.', source: `${SEED} L127-128` },
    { id: 'b-address', kind: 'address', text: `Type ${entry.address} with the keys below, then press OK.`, source: `${SEED} L129-133` },
    { id: 'b-save', text: 'Press Exit several times until you get a prompt to save, and choose Save & Reboot.', source: `${SEED} L134-135` },
    { id: 'b-restart', text: 'The phone should restart after a moment and configure itself.', source: `${SEED} L136` },
  ];
}

/** The seed's time budget after the restart: up to twenty minutes, several reboots (L106, L138). */
export const ENROLL_BUDGET_MS = 20 * 60_000;

/** What to expect meanwhile (seed L106, L138). */
export const WHILE_WAITING =
  'The phone may spend up to twenty minutes configuring itself and upgrading firmware. It will reboot several times and may show many messages, or seem to do nothing while it installs software in the background.';

/** Requirements before enrolling with a provider (seed L31-39). */
export const REQUIREMENTS: readonly ProcedureStep[] = [
  { id: 'r-workflow', text: 'The phone has been through the provider’s “Enroll Phones” workflow.', source: `${SEED} L35` },
  { id: 'r-five-days', text: 'That workflow was followed within the last five days.', source: `${SEED} L36` },
  { id: 'r-ip', text: 'The public IP address of this site’s internet connection was entered in that workflow.', source: `${SEED} L37` },
];

/** The troubleshooting checklist (seed L144-159), in the seed's order. */
export const TROUBLESHOOTING: readonly ProcedureStep[] = [
  { id: 't-reset', text: 'Was the phone factory reset before you started? If not, reset it and start again.', source: `${SEED} L146-147` },
  { id: 't-jack', text: 'Is the network jack known to work? Try the phone at a jack where another phone works.', source: `${SEED} L148-149` },
  { id: 't-cable', text: 'Is the network cable good? Borrow the cable of a phone that works.', source: `${SEED} L150-151` },
  { id: 't-lan-port', text: 'Is the cable in the phone’s LAN port, not the PC port? It must be the LAN port.', source: `${SEED} L152-153` },
  {
    id: 't-link',
    text: 'Is the phone connected? At the idle screen: Menu → Settings → Status → Network → Ethernet: the LAN Port field should say Active. If not, try another jack or cable.',
    source: `${SEED} L154-155`,
  },
  {
    id: 't-ip',
    text: 'Is the phone getting an IP address? Menu → Settings → Status → Network → TCP/IP: an IP of 0.0.0.0 means none. Try another jack or cable.',
    source: `${SEED} L156-157`,
  },
];
