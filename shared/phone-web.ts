/**
 * What ProvKit reads from and writes to a phone's web UI / REST API, shared by the engine and the
 * renderer. Pure data and small pure functions: no Node, no DOM.
 * Source: docs/sources.md §2 (boot server mode) and §3 (web UI,
 * REST API, status codes); AltiGen MAXCS Polycom Configuration Guide Figure 54 (the
 * Provisioning Server panel: Server Type, Server Address, Server User, Server Password, Tag SN to
 * UA, DHCP Menu › Boot Server / Boot Server Option / Boot Server Type).
 */

/** The three ways a Polycom can be driven over HTTP (docs/sources.md §3). */
export type PhoneDialect = 'legacy' | 'ucs6' | 'rest';

/** Names for people. */
export const DIALECT_LABELS: Record<PhoneDialect, string> = {
  legacy: 'web UI (Basic cookie login, UC ≤5.x)',
  ucs6: 'web UI (login form of /js/login.js, UC 6.x)',
  rest: 'REST API',
};

/** `device.prov.serverType` values (docs/sources.md §1 "Protocols and credentials"). */
export type ProvServerType = 'ftp' | 'tftp' | 'http' | 'https' | 'ftps';

/**
 * `device.prov.serverType` as the web UI's select sends it (option values 0-4) and as configuration
 * files and the REST API write it (`FTP`, `TFTP`, `HTTP`, `HTTPS`, `FTPS`).
 */
export const SERVER_TYPES: ReadonlyArray<{ type: ProvServerType; value: number; text: string }> = [
  { type: 'ftp', value: 0, text: 'FTP' },
  { type: 'tftp', value: 1, text: 'TFTP' },
  { type: 'http', value: 2, text: 'HTTP' },
  { type: 'https', value: 3, text: 'HTTPS' },
  { type: 'ftps', value: 4, text: 'FTPS' },
];

/** `device.dhcp.bootSrvUseOpt` (docs/sources.md §2): where the phone takes its boot server from. */
export type BootServerMode = 'option66' | 'custom' | 'static' | 'custom+66';

/**
 * `device.dhcp.bootSrvUseOpt` values: 0 = Option 66, 1 = Custom, 2 = Static, 3 = Custom + Option 66.
 * Only "Static" is a text value the sources agree on; the text names of 0, 1 and 3 are
 * **(uncertain)** (docs/sources.md §2), so ProvKit writes numbers and reads both.
 */
export const BOOT_SERVER_MODES: ReadonlyArray<{ mode: BootServerMode; value: number; label: string; text?: string }> = [
  { mode: 'option66', value: 0, label: 'Option 66' },
  { mode: 'custom', value: 1, label: 'Custom' },
  { mode: 'static', value: 2, label: 'Static', text: 'Static' },
  { mode: 'custom+66', value: 3, label: 'Custom + Option 66' },
];

/**
 * Read a `device.prov.serverType` value in either form.
 * @param value `2`, `HTTP`, `http` ...
 * @returns the type, or undefined when not recognised
 */
export function parseServerType(value: string | undefined): ProvServerType | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  return SERVER_TYPES.find((t) => String(t.value) === v || t.text.toLowerCase() === v.toLowerCase())?.type;
}

/**
 * Read a `device.dhcp.bootSrvUseOpt` value in either form.
 * @param value `2`, `Static`, `3` ...
 * @returns the mode, or undefined when not recognised
 */
export function parseBootServerMode(value: string | undefined): BootServerMode | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  return BOOT_SERVER_MODES.find((m) => String(m.value) === v || m.text?.toLowerCase() === v || m.mode === v)?.mode;
}

/** @returns the numeric value of a server type (web UI select option value) */
export function serverTypeValue(type: ProvServerType): number {
  return SERVER_TYPES.find((t) => t.type === type)!.value;
}

/** @returns the numeric value of a boot server mode */
export function bootServerModeValue(mode: BootServerMode): number {
  return BOOT_SERVER_MODES.find((m) => m.mode === mode)!.value;
}

/** Polycom parameter names ProvKit reads and writes (docs/sources.md §3 "Redirect by config"). */
export const PROV_PARAMS = {
  serverType: 'device.prov.serverType',
  serverName: 'device.prov.serverName',
  user: 'device.prov.user',
  password: 'device.prov.password',
  tagSerialNo: 'device.prov.tagSerialNo',
  bootServer: 'device.dhcp.bootSrvUseOpt',
  bootServerOption: 'device.dhcp.bootSrvOpt',
  bootServerOptionType: 'device.dhcp.bootSrvOptType',
} as const;

/** What a phone says about itself (home page cells or REST device info). Versions as the phone prints them. */
export interface PhoneWebInfo {
  /** 12 lowercase hex digits. */
  mac?: string;
  /** Model as shown by the phone (`VVX 400`). */
  model?: string;
  /** Model code ProvKit uses (`VVX400`) when the model or part number is known. */
  modelCode?: string;
  partNumber?: string;
  /** IPv4 address the phone reports. */
  ip?: string;
  /** UC software (application) version. */
  appVersion?: string;
  /** Updater / BootROM version. */
  updaterVersion?: string;
  /** REST 5.7+ only. */
  bootBlockVersion?: string;
  dialect: PhoneDialect;
  /** Where it answered. */
  host: string;
  port: number;
  https: boolean;
  /** ms since epoch. */
  checkedAt: number;
}

/** The Provisioning Server panel as read from a phone (the password is never returned). */
export interface PhoneProvisioning {
  serverType?: ProvServerType;
  /** `device.prov.serverName`: host, host/path or URL. */
  serverName: string;
  user: string;
  /** Whether a server password is set (its value is never read back). */
  passwordSet: boolean;
  bootServer?: BootServerMode;
  /** Custom DHCP option number (`device.dhcp.bootSrvOpt`, 160 by default on UC 4+). */
  bootServerOption?: number;
  /** `IP` or `String` (`device.dhcp.bootSrvOptType`). */
  bootServerOptionType?: string;
  tagSerialNo?: boolean;
}

/** What "set boot server" writes (seed Step 9 / FTP section: Server Type, Address, User, Password, Boot Server = Static). */
export interface BootServerSettings {
  type: ProvServerType;
  /** Host, host:port, host/path or URL. */
  server: string;
  user?: string;
  password?: string;
  /** Default `static`. */
  bootServer?: BootServerMode;
  tagSerialNo?: boolean;
}

/** Every typed failure of a phone operation, with the code the UI branches on. */
export const PHONE_ERROR_CODES = [
  'WRONG_PASSWORD',
  'LOCKED_OUT',
  'REST_DISABLED',
  'DEFAULT_PASSWORD_REFUSED',
  'TIMEOUT',
  'NOT_A_POLYCOM',
  'UNREACHABLE',
  'PHONE_REFUSED',
  'NOT_VERIFIED',
  'NO_PASSWORD',
] as const;

/** One of {@link PHONE_ERROR_CODES}. */
export type PhoneErrorCode = (typeof PHONE_ERROR_CODES)[number];

/** A phone failure as it travels to the UI. */
export interface PhoneErrorInfo {
  code: PhoneErrorCode | string;
  message: string;
  /** What the technician should do, one sentence. */
  fix?: string;
}

/**
 * How to reach a phone's web server. `host` is an IP address or name; `port` defaults to 80 (HTTP)
 * or 443 (HTTPS).
 */
export interface PhoneEndpoint {
  host: string;
  port?: number;
  https?: boolean;
}

/**
 * Format an endpoint for people and as a stable key: `10.0.0.5`, `10.0.0.5:8080`, `https://10.0.0.5`.
 * @param e the endpoint
 */
export function endpointLabel(e: PhoneEndpoint): string {
  const host = e.host.includes(':') && !e.host.startsWith('[') ? `[${e.host}]` : e.host;
  const port = e.port && e.port !== (e.https ? 443 : 80) ? `:${e.port}` : '';
  return `${e.https ? 'https://' : ''}${host}${port}`;
}
