/**
 * The phones area of the contract (issue #4): find phones, read them, set their boot server,
 * reboot / restart / factory-reset them (one or a batch), the admin passwords to try, the syslog
 * receiver and SIP check-sync. Spread into shared/api.ts.
 * Source: ../shared/reference/phone-provisioning-facts.md §3; seed
 * `altigen-maxcs-polycom-configuration-guide.txt` (Step 1 reset, Step 9 and the FTP section).
 */
import { z } from 'zod';
import { macSchema } from './mac-schema';
import type { BootServerMode, PhoneDialect, PhoneErrorInfo, PhoneProvisioning, PhoneWebInfo, ProvServerType } from './phone-web';

const mac = macSchema;
const port = z.number().int().min(1).max(65535);
const site = z.string().min(1).max(64).optional();

/** A phone to act on: its web address, or a MAC ProvKit knows an address for. */
const target = z
  .object({ mac: mac.optional(), host: z.string().min(1).max(255).optional(), port: port.optional(), https: z.boolean().optional() })
  .refine((t) => t.mac !== undefined || t.host !== undefined, 'give the phone\u2019s address (host) or its MAC');

const bootServerSettings = z.object({
  type: z.enum(['ftp', 'tftp', 'http', 'https', 'ftps']),
  server: z.string().min(1).max(255),
  user: z.string().max(255).optional(),
  password: z.string().max(255).optional(),
  bootServer: z.enum(['option66', 'custom', 'static', 'custom+66']).optional(),
  tagSerialNo: z.boolean().optional(),
});

/** Batch and single actions. */
const actionKind = z.enum(['info', 'setBootServer', 'reboot', 'restart', 'factoryReset', 'checkSync']);

/** Options shared by the actions that change a phone. */
const actionOptions = {
  site,
  /** Force a dialect instead of probing. */
  dialect: z.enum(['legacy', 'ucs6', 'rest']).optional(),
  /** Wait for the phone to go away and come back (reboot, reset, set boot server); default true. */
  wait: z.boolean().optional(),
  /** Bound of the wait for the phone to come back, ms (default 300,000). */
  upTimeoutMs: z.number().int().min(1000).max(1_800_000).optional(),
};

/** zod schemas of the phones area's requests. */
export const phonesRequestSchemas = {
  discoverPhones: z.object({
    /** Phones from the request log and the OS neighbour (ARP) table; default true. */
    known: z.boolean().optional(),
    /** Scan a subnet the user typed, e.g. `192.168.1.0/24` (at most 4,096 addresses). */
    scan: z
      .object({
        cidr: z.string().min(1).max(64),
        ports: z.array(port).min(1).max(4).optional(),
        /** Only probe addresses whose MAC (when known from the neighbour table) has a phone vendor's OUI; default true. */
        ouiFilter: z.boolean().optional(),
        concurrency: z.number().int().min(1).max(128).optional(),
      })
      .optional(),
    /** Identify each phone with getInfo (default true). */
    identify: z.boolean().optional(),
    site,
  }),
  listWebPhones: z.object({}),
  phoneInfo: z.object({ target, site, dialect: actionOptions.dialect }),
  phoneGetProvisioning: z.object({ target, site, dialect: actionOptions.dialect }),
  phoneSetBootServer: z.object({ target, settings: bootServerSettings, reboot: z.boolean().optional(), ...actionOptions }),
  phoneReboot: z.object({ target, ...actionOptions }),
  phoneRestart: z.object({ target, ...actionOptions }),
  /** `confirm` must repeat the phone's MAC (12 hex digits): a reset cannot be undone. */
  phoneFactoryReset: z.object({ target, confirm: mac, ...actionOptions }),
  phoneCheckSync: z.object({ target, sipPort: port.optional() }),
  phoneBatchRun: z.object({
    action: actionKind,
    targets: z.array(target).min(1).max(1000),
    settings: bootServerSettings.optional(),
    /** Phones worked on at once (default 8). */
    concurrency: z.number().int().min(1).max(64).optional(),
    /** Factory reset in a batch: `RESET <n> PHONES` typed by the technician. */
    confirm: z.string().optional(),
    ...actionOptions,
  }),
  phoneBatchRetry: z.object({ batchId: z.string().min(1) }),
  phoneBatchGet: z.object({ batchId: z.string().min(1) }),
  listPhoneActions: z.object({ mac: mac.optional(), limit: z.number().int().positive().max(2000).optional() }),
  listPhoneCredentials: z.object({}),
  addPhoneCredential: z.object({ site: z.string().min(1).max(64), password: z.string().min(1).max(64) }),
  removePhoneCredential: z.object({ site: z.string().min(1).max(64), id: z.string().min(1) }),
  getSyslogStatus: z.object({}),
  configureSyslog: z.object({ enabled: z.boolean().optional(), bind: z.string().min(1).optional(), port: z.number().int().min(0).max(65535).optional() }),
  listSyslog: z.object({ mac: mac.optional(), limit: z.number().int().positive().max(10000).optional() }),
} as const;

/** A phone ProvKit can reach over HTTP, with where it was found. */
export interface WebPhone {
  /** `host` or `host:port` / `https://host`: the key of the row. */
  key: string;
  host: string;
  port: number;
  https: boolean;
  mac?: string;
  /** From the MAC's OUI. */
  vendor?: string;
  sources: Array<'requests' | 'neighbours' | 'scan' | 'dhcp' | 'manual'>;
  info?: PhoneWebInfo;
  dialect?: PhoneDialect;
  /** Why it could not be identified. */
  error?: PhoneErrorInfo;
  /** ms since epoch. */
  seenAt: number;
}

/** Steps of one action on one phone, as rows of the progress table. */
export interface PhoneActionProgress {
  actionId: string;
  batchId?: string;
  action: z.infer<typeof actionKind>;
  /** Endpoint label (`10.0.0.5`, `https://10.0.0.5:8443`). */
  target: string;
  mac?: string;
  model?: string;
  state: 'queued' | 'running' | 'waiting' | 'ok' | 'failed';
  /** What is happening now / what happened, in words. */
  step: string;
  /** 0-100 when known. */
  percent?: number;
  error?: PhoneErrorInfo;
  /** Facts checked at the end (read back, came back after N s, boot seen in the request log). */
  verified?: string[];
  startedAt: number;
  endedAt?: number;
}

/** A batch: counts and every row. */
export interface PhoneBatch {
  batchId: string;
  action: PhoneActionProgress['action'];
  total: number;
  queued: number;
  running: number;
  ok: number;
  failed: number;
  state: 'running' | 'done';
  startedAt: number;
  endedAt?: number;
  /** Increases with every change: of two copies (event, answer), the higher is newer. */
  seq: number;
  rows: PhoneActionProgress[];
}

/** Result of a single action. */
export interface PhoneActionResult {
  progress: PhoneActionProgress;
  info?: PhoneWebInfo;
  provisioning?: PhoneProvisioning;
}

/** The admin passwords of one site, as the UI sees them: never in clear. */
export interface CredentialSite {
  site: string;
  passwords: Array<{ id: string; label: string; factoryDefault: boolean }>;
}

/** One syslog message from a phone. */
export interface SyslogLine {
  id: number;
  /** Received, ms since epoch. */
  time: number;
  address: string;
  mac?: string;
  format: 'rfc3164' | 'rfc5424' | 'unknown';
  facility?: number;
  severity?: number;
  /** Time in the message, when it carries one (ISO text as sent). */
  timestamp?: string;
  hostname?: string;
  app?: string;
  procId?: string;
  msgId?: string;
  message: string;
}

/** The syslog receiver's state. */
export interface SyslogStatus {
  enabled: boolean;
  state: 'stopped' | 'listening' | 'error';
  bind: string;
  port: number;
  boundPort?: number;
  error?: { code: string; message: string; fix?: string; alternativePort?: number };
  received: number;
}

/** Progress of a discovery run. */
export interface PhoneDiscoveryProgress {
  scanId: string;
  state: 'running' | 'done';
  /** Addresses probed / to probe (scan only). */
  scanned: number;
  total: number;
  found: number;
  phone?: WebPhone;
}

/** Results of the phones area's requests. */
export interface PhonesRequestResults {
  discoverPhones: { scanId: string; phones: WebPhone[] };
  listWebPhones: WebPhone[];
  phoneInfo: PhoneWebInfo;
  phoneGetProvisioning: PhoneProvisioning;
  phoneSetBootServer: PhoneActionResult;
  phoneReboot: PhoneActionResult;
  phoneRestart: PhoneActionResult;
  phoneFactoryReset: PhoneActionResult;
  phoneCheckSync: PhoneActionResult;
  phoneBatchRun: PhoneBatch;
  phoneBatchRetry: PhoneBatch;
  phoneBatchGet: PhoneBatch;
  listPhoneActions: PhoneActionProgress[];
  listPhoneCredentials: CredentialSite[];
  addPhoneCredential: CredentialSite;
  removePhoneCredential: CredentialSite;
  getSyslogStatus: SyslogStatus;
  configureSyslog: SyslogStatus;
  listSyslog: SyslogLine[];
}

/** Events of the phones area. */
export interface PhonesEvents {
  /** One phone's action moved on (a row of a batch, or a single action). */
  phoneAction: PhoneActionProgress;
  /** A batch's counts changed (rows are sent as `phoneAction`; `rows` here is empty). */
  phoneBatch: PhoneBatch;
  phoneDiscovery: PhoneDiscoveryProgress;
  syslog: SyslogLine;
  syslogStatus: SyslogStatus;
}

/** Names of the phones area's events. */
export const PHONES_EVENT_NAMES = ['phoneAction', 'phoneBatch', 'phoneDiscovery', 'syslog', 'syslogStatus'] as const;

/** Re-exported for convenience of the UI. */
export type { BootServerMode, PhoneDialect, ProvServerType };
