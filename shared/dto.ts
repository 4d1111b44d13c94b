/**
 * Data shapes exchanged between the engine and the UI (both transports). Pure types.
 */
import type { FileKind } from './phone-identity';

/** Provisioning transfer protocols ProvKit serves. */
export type Protocol = 'http' | 'ftp' | 'tftp';

/** The phone a request was attributed to, and how. */
export interface PhoneIdentity {
  /** 12 lowercase hex digits. */
  mac?: string;
  /** Where the MAC came from: the file name, the User-Agent, or an earlier request from the same address. */
  macSource?: 'path' | 'user-agent' | 'address';
  /** Vendor from the User-Agent. */
  vendor?: string;
  /** Vendor registered for the MAC's OUI (IEEE registry, offline table). */
  ouiVendor?: string;
  /** Model code, e.g. `VVX400`. */
  model?: string;
  /** Firmware version from the User-Agent. */
  firmware?: string;
  /** Polycom boot stage from the User-Agent `Type/...`. */
  stage?: 'Updater' | 'Application';
}

/** One request on one protocol: an entry of the request log and of a phone's boot timeline. */
export interface RequestEvent {
  /** Unique, increasing within a data directory. */
  id: number;
  /** Start time, ms since the Unix epoch. */
  time: number;
  protocol: Protocol;
  /** Client IP address. */
  client: string;
  /** HTTP method (`GET`, `HEAD`, `PUT`) or FTP command (`RETR`, `STOR`, `LIST`, `SIZE`). */
  method: string;
  /** Path as requested (after the optional prefix is removed), always starting with `/`. */
  path: string;
  /** HTTP status, or FTP reply code (226 done, 550 not found/refused, 426 aborted). */
  status: number;
  /** true for 2xx/3xx HTTP and 1xx-2xx FTP replies. */
  ok: boolean;
  /** Body bytes sent to the client. */
  bytesSent: number;
  /** Body bytes received from the client (uploads). */
  bytesReceived: number;
  /** From request start to the last byte, ms. */
  durationMs: number;
  userAgent?: string;
  /** Role of the file in the boot sequence. */
  fileKind: FileKind;
  /** Where the answer came from: a file in the root, a rendered config, a stored phone upload. */
  source?: 'file' | 'rendered' | 'upload';
  phone: PhoneIdentity;
  /** Transfer session (FTP connection, or address + User-Agent over HTTP): one session, one phone. */
  session?: string;
  /** Why the request failed, in words a technician can act on. */
  error?: string;
}

/** A phone ProvKit has seen (or has in its inventory), for the Phones list. */
export interface PhoneSummary {
  mac: string;
  vendor?: string;
  ouiVendor?: string;
  model?: string;
  firmware?: string;
  stage?: 'Updater' | 'Application';
  /** Last client address it used. */
  lastAddress?: string;
  /** ms since epoch; undefined for inventory phones never seen. */
  firstSeen?: number;
  lastSeen?: number;
  requests: number;
  /** Requests that ended in an error status. */
  errors: number;
  lastPath?: string;
  lastStatus?: number;
  lastProtocol?: Protocol;
  /** Label from the inventory. */
  label?: string;
  inInventory: boolean;
}

/** Server kinds the engine runs. */
export type ServerKind = 'http' | 'ftp';

/** A server's state, for the Servers page. */
export interface ServerStatus {
  kind: ServerKind;
  state: 'stopped' | 'starting' | 'listening' | 'error';
  /** Address it binds (or will bind) to. */
  bind: string;
  /** Configured port; 0 means an ephemeral port is picked at start. */
  port: number;
  /** Port actually listening, when listening. */
  boundPort?: number;
  /** Boot server address a phone should be given, e.g. `http://10.0.0.5:8080/`. */
  url?: string;
  error?: ServerError;
  /** Transfers in progress. */
  activeTransfers: number;
  /** Protocol-specific options shown to the user. */
  options: Record<string, string | number | boolean>;
}

/** Why a server could not start, and what to do about it. */
export interface ServerError {
  /** Node error code: `EACCES`, `EADDRINUSE`, `EADDRNOTAVAIL`, ... */
  code: string;
  message: string;
  /** The fix in one sentence, for this OS. */
  fix?: string;
  /** A port that would work instead, when one is suggested. */
  alternativePort?: number;
}

/** Where a phone should be sent once provisioned (the provider's boot server). */
export interface ProvisioningTarget {
  type: 'http' | 'https' | 'ftp' | 'tftp';
  /** Host, optionally with port and path: `72.245.184.168/mpv`. */
  server: string;
  user?: string;
  password?: string;
}

/** A phone in the inventory: the data its configuration is rendered from. */
export interface InventoryPhone {
  mac: string;
  /** Model code (`VVX400`). */
  model?: string;
  label?: string;
  /** Display name on the line. */
  displayName?: string;
  sipServer?: string;
  /** SIP user / extension, also the auth user id. */
  user?: string;
  password?: string;
  provisioningTarget?: ProvisioningTarget;
}

/** Inventory entry as the UI sees it: secrets are never sent in clear. */
export type InventoryPhoneView = Omit<InventoryPhone, 'password' | 'provisioningTarget'> & {
  hasPassword: boolean;
  provisioningTarget?: Omit<ProvisioningTarget, 'password'> & { hasPassword: boolean };
};

/** A file as a phone would receive it. */
export interface RenderedFile {
  path: string;
  content: string;
  /** true when rendered from the inventory, false when a file in the root takes precedence. */
  rendered: boolean;
}

/** A network interface address the servers can bind to. */
export interface InterfaceAddress {
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

/** Facts about the running engine. */
export interface EngineInfo {
  version: string;
  mode: 'desktop' | 'headless';
  dataDir: string;
  provisioningRoot: string;
  platform: string;
}
