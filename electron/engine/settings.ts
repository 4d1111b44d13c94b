/**
 * Engine settings, persisted with `conf` (JSON file with a JSON Schema) in the data directory.
 * Defaults follow design.md "Ports": standard ports (80, 21, 69) with the UI explaining when they need
 * admin rights, and servers bound to loopback until the technician picks the interface phones reach.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf, { type Schema } from 'conf';
import pkg from '../../package.json' with { type: 'json' };
import { settingsMigrations } from './settings-migrations';

/** HTTP server settings. */
export interface HttpSettings {
  enabled: boolean;
  bind: string;
  port: number;
  /** Files live under this path (`/mpv`), empty for the root. */
  pathPrefix: string;
  /** Basic auth for every request; empty user = off. */
  authUser: string;
  authPassword: string;
}

/**
 * HTTPS server settings. It serves the HTTP server's root with the HTTP server's path prefix and
 * Basic credentials; see tls/bench-ca.ts and docs/README "Secure provisioning".
 */
export interface HttpsSettings {
  enabled: boolean;
  bind: string;
  port: number;
  /** Accept TLS 1.0/1.1 and older cipher suites (tls/tls-policy.ts). */
  compat: boolean;
  /**
   * Extra addresses and host names for the bench certificate, comma-separated; the bind address
   * (or, for 0.0.0.0, this computer's addresses) is always included.
   */
  certNames: string;
  /** `bench`: certificate issued by the data folder's bench CA; `own`: the files below. */
  certSource: 'bench' | 'own';
  /** Own certificate: a PEM file (chain allowed) or a PKCS#12 file (.p12/.pfx). */
  ownCert: string;
  /** Own key: a PEM file; empty with PKCS#12. */
  ownKey: string;
  /** PKCS#12 passphrase, sealed (secrets.ts); empty = none. */
  ownPassphrase: string;
  /** Mutual TLS: PEM file of the CA(s) phone certificates must be signed by; empty = off. */
  clientCa: string;
}

/** FTP server settings. */
export interface FtpSettings {
  enabled: boolean;
  bind: string;
  port: number;
  /** Accept Polycom's factory account PlcmSpIp / PlcmSpIp. */
  factoryAccount: boolean;
  /** Passive data port range. */
  pasvMin: number;
  pasvMax: number;
}

/** TFTP server settings (RFC 1350 port 69). Times in ms. */
export interface TftpSettings {
  enabled: boolean;
  bind: string;
  port: number;
  /** Transfers at the same time; more requests are told the server is busy. */
  maxTransfers: number;
  /** Largest windowsize agreed (RFC 7440), blocks. */
  maxWindowsize: number;
  /** First retransmission timeout, ms (doubles on each retry). */
  retransmitMs: number;
  /** Retransmissions without an answer before a client is given up on. */
  maxRetries: number;
}

/** Everything the settings file holds. */
export interface SettingsData {
  http: HttpSettings;
  https: HttpsSettings;
  ftp: FtpSettings;
  tftp: TftpSettings;
  /** Absolute provisioning root; empty = `<data>/provisioning`. */
  provisioningRoot: string;
}

/** Defaults for a new data directory. */
export const DEFAULT_SETTINGS: SettingsData = {
  http: { enabled: true, bind: '127.0.0.1', port: 80, pathPrefix: '', authUser: '', authPassword: '' },
  https: { enabled: false, bind: '127.0.0.1', port: 443, compat: false, certNames: '', certSource: 'bench', ownCert: '', ownKey: '', ownPassphrase: '', clientCa: '' },
  ftp: { enabled: true, bind: '127.0.0.1', port: 21, factoryAccount: true, pasvMin: 30000, pasvMax: 30100 },
  tftp: { enabled: true, bind: '127.0.0.1', port: 69, maxTransfers: 64, maxWindowsize: 64, retransmitMs: 1000, maxRetries: 5 },
  provisioningRoot: '',
};

const port = { type: 'integer', minimum: 0, maximum: 65535 } as const;
/** Properties every server has. */
const serverProps = { enabled: { type: 'boolean' }, bind: { type: 'string', minLength: 1 }, port } as const;
const schema = {
  http: {
    type: 'object',
    properties: {
      ...serverProps,
      pathPrefix: { type: 'string' },
      authUser: { type: 'string' },
      authPassword: { type: 'string' },
    },
    required: ['enabled', 'bind', 'port', 'pathPrefix'],
  },
  https: {
    type: 'object',
    properties: {
      ...serverProps,
      compat: { type: 'boolean' },
      certNames: { type: 'string' },
      certSource: { enum: ['bench', 'own'] },
      ownCert: { type: 'string' },
      ownKey: { type: 'string' },
      ownPassphrase: { type: 'string' },
      clientCa: { type: 'string' },
    },
    required: ['enabled', 'bind', 'port'],
  },
  ftp: {
    type: 'object',
    properties: {
      ...serverProps,
      factoryAccount: { type: 'boolean' },
      pasvMin: { ...port, minimum: 1024 },
      pasvMax: { ...port, minimum: 1024 },
    },
    required: ['enabled', 'bind', 'port', 'factoryAccount', 'pasvMin', 'pasvMax'],
  },
  tftp: {
    type: 'object',
    properties: {
      ...serverProps,
      maxTransfers: { type: 'integer', minimum: 1, maximum: 10000 },
      maxWindowsize: { type: 'integer', minimum: 1, maximum: 512 },
      retransmitMs: { type: 'integer', minimum: 50, maximum: 60000 },
      maxRetries: { type: 'integer', minimum: 0, maximum: 50 },
    },
    required: ['enabled', 'bind', 'port', 'maxTransfers'],
  },
  provisioningRoot: { type: 'string' },
} as const;

/**
 * Open (or create) the settings file `<dataDir>/settings.json`. A file that cannot be read (not
 * JSON, or not matching the schema) is never silently cleared: it is kept aside as
 * `settings.json.corrupt-<time>`, `onCorrupt` gets a sentence naming both files, and the engine
 * starts with the defaults.
 * @param onCorrupt told when the file was kept aside (the engine logs it as a warning)
 * @returns a conf store; `store.get('http')` etc.; `set` validates against the schema
 * @throws the fs error when a corrupt file cannot be renamed
 */
export function openSettings(dataDir: string, onCorrupt?: (message: string) => void): Conf<SettingsData> {
  try {
    return confFor(dataDir);
  } catch (err) {
    const file = join(dataDir, 'settings.json');
    if (!existsSync(file)) throw err;
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, aside);
    onCorrupt?.(`The settings file ${file} could not be read (${(err as Error).message.split('\n')[0]}); it was kept as ${aside} and ProvKit started with default settings. Set the servers again, or copy what you need from the kept file.`);
    return confFor(dataDir);
  }
}

function confFor(dataDir: string): Conf<SettingsData> {
  return new Conf<SettingsData>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'provkit',
    defaults: DEFAULT_SETTINGS,
    // conf's schema typing is stricter than the JSON Schema it accepts.
    schema: schema as unknown as Schema<SettingsData>,
    clearInvalidConfig: false,
    // Migrations (settings-migrations.ts) run once per version, before the schema check.
    projectVersion: pkg.version,
    migrations: settingsMigrations(DEFAULT_SETTINGS as unknown as Record<string, unknown>) as never,
  });
}
