/**
 * Data shapes exchanged between the engine and the UI (both transports). Pure types.
 */
import type { FileKind } from './phone-identity';

/** Provisioning transfer protocols ProvKit serves. */
export type Protocol = 'http' | 'https' | 'ftp' | 'tftp';

/** The phone a request was attributed to, and how. */
export interface PhoneIdentity {
  /** 12 lowercase hex digits. */
  mac?: string;
  /**
   * Where the MAC came from: the file name, the User-Agent, a DHCP lease of the client's address
   * (ProvKit's bench server, or an ACK the sniffer saw), an earlier request from the same address,
   * or the subject of the client certificate the phone presented (mutual TLS, checked against the
   * client CA).
   */
  macSource?: 'path' | 'user-agent' | 'dhcp-lease' | 'address' | 'certificate';
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
  /**
   * HTTP status, or FTP reply code (226 done, 550 not found/refused, 426 aborted).
   * TFTP (no status of its own): 200 done, 400 malformed, 403 access violation, 404 not found, 408 client timed out, 413 too large, 499 aborted by client, 500 server error, 503 busy.
   */
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
  /**
   * "HTTP first, then HTTPS": the rendered configuration served carried the bench CA and the move
   * of the phone's provisioning to HTTPS (`device.sec.TLS.customCaCert1`, `device.prov.serverType`).
   */
  httpsBootstrap?: boolean;
  /** TFTP options agreed (RFC 2347-2349, 7440): `blksize`, `tsize`, `windowsize`, `timeout`. */
  options?: Record<string, string | number>;
  /** HTTP: the request line as received (`GET /mpv/0004f2aabbcc.cfg HTTP/1.1`, RFC 9112 §3). */
  requestLine?: string;
  /**
   * HTTP: the request headers as received, name and value, in order (at most 40; values cut at 300
   * characters; an Authorization header keeps only its scheme and user name, never the password).
   */
  headers?: Array<[string, string]>;
  /** FTP: the session's commands up to this one, oldest first (the last 20; PASS shown as `PASS ***`). */
  commands?: string[];
}

/**
 * A phone's latest boot judged from its requests: `booting` (still asking, nothing wrong so far),
 * `booted` (master served, every CONFIG_FILES entry served, firmware served or legitimately absent,
 * uploads accepted), `failed` (one of those went wrong), `incomplete` (went quiet before the end) or
 * `unseen` (known from DHCP, the network or the inventory, but never seen asking ProvKit for a file:
 * nothing to judge, and nothing wrong known).
 */
export type BootVerdictName = 'booting' | 'booted' | 'failed' | 'incomplete' | 'unseen';

/** Stages of a boot in order (the phone page's boot strip uses the same ids). */
export type BootStageId = 'bootrom' | 'master' | 'firmware' | 'configs' | 'logs';

/** The verdict on a phone's latest boot. */
export interface PhoneBoot {
  verdict: BootVerdictName;
  /** Where it failed, or the furthest stage it reached. */
  stage?: BootStageId;
  /** Why, in words a technician can act on (file names, statuses); may be empty for `booted`. */
  reasons: string[];
  /** Start of the latest boot, ms since the Unix epoch. */
  since?: number;
}

/** A phone the servers have seen, for the Phones list (its inventory label merged in). */
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
  /** Verdict on the latest boot; always set by `listPhones` and the `phone` event. */
  boot?: PhoneBoot;
  /** Set when the model the phone reports differs from the model its inventory entry names. */
  modelMismatch?: { reported: string; inventory: string };
  /** The phone uploaded local changes that move it to another provisioning or SIP server. */
  uploadFlag?: UploadFlag;
}

/** An upload that sets `device.prov.*` or a SIP server (engine provisioning/upload-flags.ts). */
export interface UploadFlag {
  /** The uploaded file (`0004f2aabbcc-phone.cfg`). */
  file: string;
  /** `name=value` of each such parameter (passwords shown as `(set)`). */
  params: string[];
  /** ms since epoch. */
  at: number;
  /** Address it came from. */
  client?: string;
}

/** Server kinds the engine runs. */
export type ServerKind = 'http' | 'https' | 'ftp' | 'tftp';

/** A transfer in progress, for the Servers page. Sizes in bytes, times in ms since epoch. */
export interface TransferProgress {
  client: string;
  /** HTTP method, FTP command or TFTP request (`GET`, `RETR`, `RRQ`, `WRQ`). */
  method: string;
  path: string;
  /** Bytes moved so far (sent, or received for uploads). */
  bytes: number;
  /** Total bytes, when known (file size, TFTP `tsize`). */
  size?: number;
  startedAt: number;
  /** Average rate since the start, bytes per second. */
  rate: number;
}

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
  /** The transfers in progress (oldest first, at most 20), with progress. */
  transfers?: TransferProgress[];
  /** Bytes per second the server moved (sent + received) over the last second or so. */
  throughput?: number;
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

/** Vendors ProvKit renders configurations for (docs/sources.md §1, §2: Polycom, AudioCodes 4xxHD, Yealink). */
export type PhoneVendor = 'polycom' | 'audiocodes' | 'yealink';

/** One line (registration) of an inventory phone. Index 0 is line 1 (`reg.1`, `account.1`, `voip/line/0`). */
export interface InventoryLine {
  /** SIP user / extension (`reg.N.address`), e.g. `7101`. */
  extension: string;
  /** Caller name shown to others (`reg.N.displayName`). */
  displayName?: string;
  /** Text on the line key (`reg.N.label`); default: the phone's label, else the extension. */
  label?: string;
  /** Registrar / proxy `host[:port]`: the host is written to `reg.N.server.1.address`, the port to `reg.N.server.1.port` (AudioCodes/Yealink: their own address and port parameters). */
  sipServer?: string;
  /** Authentication user id (`reg.N.auth.userId`); default: the extension. */
  authUser?: string;
  /** SIP password. Plain only inside the engine while rendering; sealed at rest; never sent to the UI. */
  password?: string;
}

/** A phone in the inventory: the data its configuration is rendered from. */
export interface InventoryPhone {
  /** 12 lowercase hex digits. */
  mac: string;
  /** Vendor; when absent it follows from the template, the model or the MAC prefix. */
  vendor?: PhoneVendor;
  /** Model code (`VVX400`, `420HD`, `SIP-T46G`). */
  model?: string;
  /** What the technician calls the phone (CIC "Name"), e.g. `PolycomLobby1`. */
  label?: string;
  /** Lines in order; may be empty (the phone is then provisioned without registration). */
  lines: InventoryLine[];
  /** Template id (`polycom-uc5`); absent = the vendor's default template. */
  template?: string;
  /** Provider profile id: where the phone is handed off once done (server hop). */
  provider?: string;
  /** Free text for people. */
  notes?: string;
  /** Polycom feature licence number, for the batch activation list (licensing bulletin). */
  licenceNumber?: string;
  /**
   * Extra CONFIG_FILES (Polycom) requested after ProvKit's own files; `[PHONE_MAC_ADDRESS]` and
   * `[PHONE_MODEL]` (or CIC's `[MACADDRESS]`, `[MODEL]`) are expanded (Genesys CIC Managed IP Phones guide).
   */
  customFiles?: string[];
  /** Per-phone values of template variables, overriding the site values. */
  variables?: Record<string, string>;
  /** ms since epoch of the first and last change. */
  createdAt?: number;
  updatedAt?: number;
}

/** A line as the UI sees it: the password replaced by a flag. */
export type InventoryLineView = Omit<InventoryLine, 'password'> & { hasPassword: boolean };

/** Inventory entry as the UI sees it: secrets are never sent in clear. */
export type InventoryPhoneView = Omit<InventoryPhone, 'lines'> & {
  lines: InventoryLineView[];
  /** Vendor actually used (explicit, else from template/model/MAC prefix). */
  effectiveVendor: PhoneVendor;
  /** Template actually used. */
  effectiveTemplate: string;
};

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
