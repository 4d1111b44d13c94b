/**
 * Simulated Polycom phone boot against a provisioning server, following the real sequence of
 * docs/sources.md §1: Updater stage (`<part>.bootrom.ld` or
 * `bootrom.ld`, `<mac>.cfg` → `000000000000.cfg` on 404, APP_FILE_PATH, `<mac>-boot.log` upload),
 * then Application stage (master again, CONFIG_FILES in order, optional files, `<mac>-app.log`
 * with HEAD first over HTTP), sending the real User-Agent format.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parseMaster, type ApplicationSettings } from '../provisioning/master-config';
import { findPolycomModel, type PolycomModel } from '../../../shared/models';
import { normalizeMac } from '../../../shared/mac';
import { ftpTransport, httpsTransport, httpTransport, TransportError, type FileTransport } from './transports';

/** What to simulate. */
export interface SimulateOptions {
  /** Boot server URL: `http(s)://host:port/dir` or `ftp://[user:pass@]host:port/dir`. */
  server: string;
  /** HTTPS: CA certificates (PEM) the phone trusts; absent = well-known public CAs only. */
  trust?: string[];
  /** HTTPS: the phone's device certificate and key (PEM) for mutual TLS. */
  clientCertificate?: { cert: string; key: string };
  /** Called with each configuration file the phone read (CONFIG_FILES entries). */
  onConfig?: (file: string, body: Buffer) => void;
  /** MAC in any notation. */
  mac: string;
  /** Model code or name (`VVX400`, `SPIP650`). */
  model: string;
  /** Override the URL's scheme. */
  protocol?: 'http' | 'https' | 'ftp';
  updaterVersion?: string;
  appVersion?: string;
  /** Send `(SN:<mac>)` in the User-Agent (`device.prov.tagSerialNo=1`). */
  tagSerialNo?: boolean;
  /** Per request, ms. Default 10,000. */
  timeoutMs?: number;
  /** Called after every request. */
  onStep?: (step: SimStep) => void;
  /** Firmware behaviour; absent = the phone fetches the image and goes on, as before. */
  firmware?: SimFirmwareHooks;
}

/**
 * How a simulated phone treats the firmware image the master offers: read its first bytes to learn
 * the version (HTTP Range), download it when different, then flash it (the boot ends: the phone
 * reboots into it), reject it (keep the current application and go on) or hang (never come back).
 */
export interface SimFirmwareHooks {
  /** Bytes read first (HTTP Range); 0 = always download the whole image. */
  headerBytes: number;
  /** From the image's first bytes: `skip` (same version), `download`. */
  check(head: Buffer): 'skip' | 'download';
  /**
   * When set, the phone first reads `sip.ver` next to the image and decides from the version it
   * states (`skip` when it runs it already); the image header is read only when there is none.
   */
  checkVersion?(version: string): 'skip' | 'download';
  /** The whole image arrived; `version`: what `sip.ver` stated, if read. */
  downloaded(image: Buffer, version?: string): Promise<'flash' | 'reject' | 'hang'>;
}

/** One request the phone made. */
export interface SimStep {
  stage: 'Updater' | 'Application';
  method: 'GET' | 'HEAD' | 'PUT';
  file: string;
  status: number;
  bytes: number;
  /** A 404 here is normal. */
  optional: boolean;
  note?: string;
}

/** Outcome of a simulated boot. */
export interface SimResult {
  mac: string;
  model: string;
  protocol: 'http' | 'https' | 'ftp';
  ok: boolean;
  steps: SimStep[];
  /** Problems that would show on a real phone (missing config file, malformed XML). */
  problems: string[];
  /** Firmware file the master pointed to, with its size when the server had it. */
  firmware?: { file: string; status: number; bytes: number };
  /** With firmware hooks: the boot ended because the phone flashed the image, or hangs. */
  outcome?: 'flashed' | 'hung';
  configFiles: string[];
}

/** Thrown when the boot cannot go on: server unreachable, no master configuration, bad master XML. */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly steps: SimStep[],
  ) {
    super(message);
    this.name = 'SimulationError';
  }
}

/**
 * The Polycom HTTP User-Agent for a model and stage (docs/sources.md §1):
 * `FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 (SN:0004f2aabbcc) Type/Application`.
 */
export function polycomUserAgent(model: PolycomModel, version: string, stage: 'Updater' | 'Application', mac?: string): string {
  return `FileTransport Polycom${model.family}-${model.uaToken}-UA/${version}${mac ? ` (SN:${mac})` : ''} Type/${stage}`;
}

function inDir(dir: string, name: string): string {
  const d = dir.replace(/^\/+|\/+$/g, '');
  return d ? `${d}/${name}` : name;
}

/**
 * Boot one simulated phone.
 * @returns every request made and what went wrong that a real phone would show
 * @throws SimulationError when the boot cannot continue (unreachable server, login refused,
 *   server error, no master configuration, malformed master)
 */
export async function simulatePolycomBoot(opts: SimulateOptions): Promise<SimResult> {
  const model = findPolycomModel(opts.model);
  if (!model) throw new SimulationError(`Unknown Polycom model "${opts.model}" (try VVX400, SPIP650, ...)`, []);
  const mac = normalizeMac(opts.mac);
  const url = new URL(opts.server.includes('://') ? opts.server : `${opts.protocol ?? 'http'}://${opts.server}`);
  const protocol = opts.protocol ?? (url.protocol === 'ftp:' ? 'ftp' : url.protocol === 'https:' ? 'https' : 'http');
  if (opts.protocol) url.protocol = `${opts.protocol}:`;
  const timeout = opts.timeoutMs ?? 10_000;
  const steps: SimStep[] = [];
  const problems: string[] = [];
  let transport: FileTransport;
  try {
    transport = protocol === 'ftp' ? await ftpTransport(url, timeout) : protocol === 'https' ? httpsTransport(url, timeout, opts.trust, opts.clientCertificate) : httpTransport(url, timeout);
  } catch (err) {
    throw new SimulationError((err as Error).message, steps);
  }
  let stage: SimStep['stage'] = 'Updater';
  const setStage = (s: SimStep['stage'], version: string) => {
    stage = s;
    transport.setUserAgent(polycomUserAgent(model, version, s, opts.tagSerialNo ? mac : undefined));
  };
  const request = async (method: SimStep['method'], file: string, optional: boolean, body?: Buffer, range?: { start: number; end: number }) => {
    let r;
    try {
      r = method === 'GET' ? await transport.get(file, range) : method === 'HEAD' ? await transport.head(file) : await transport.put(file, body ?? Buffer.alloc(0));
    } catch (err) {
      if (err instanceof TransportError) throw new SimulationError(err.message, steps);
      throw err;
    }
    const step: SimStep = { stage, method, file, status: r.status, bytes: r.bytes, optional };
    steps.push(step);
    opts.onStep?.(step);
    if (r.status >= 500) throw new SimulationError(`${method} ${file}: server error ${r.status}`, steps);
    if (r.status === 401 || r.status === 403) {
      if (method === 'PUT') problems.push(`upload of ${file} refused (${r.status})`);
      else throw new SimulationError(`${method} ${file}: access refused (${r.status}); check the boot server user name and password`, steps);
    }
    return { ...r, step };
  };
  const master = async (): Promise<ApplicationSettings> => {
    let r = await request('GET', `${mac}.cfg`, true);
    let name = `${mac}.cfg`;
    if (r.status === 404) {
      name = '000000000000.cfg';
      r = await request('GET', name, false);
    }
    if (r.status !== 200 || !r.body) throw new SimulationError(`no master configuration: ${name} answered ${r.status}`, steps);
    try {
      return parseMaster(r.body.toString('utf8'), model, mac);
    } catch (err) {
      throw new SimulationError(`${name}: ${(err as Error).message}`, steps);
    }
  };
  const log = (text: string) => Buffer.from(`${new Date().toISOString()} ${text}\n`);

  try {
    // Updater (BootROM) stage.
    setStage('Updater', opts.updaterVersion ?? '5.9.5.0614');
    const bootrom = await request('GET', `${model.partNumber}.bootrom.ld`, true);
    if (bootrom.status === 404) await request('GET', 'bootrom.ld', true);
    const app = await master();
    let firmware: SimResult['firmware'];
    if (app.appFilePath && opts.firmware) {
      const hooks = opts.firmware;
      let stated: string | undefined;
      let wanted: boolean | undefined;
      if (hooks.checkVersion) {
        const dir = app.appFilePath.includes('/') ? app.appFilePath.slice(0, app.appFilePath.lastIndexOf('/') + 1) : '';
        const ver = await request('GET', `${dir}sip.ver`, true);
        const text = ver.status === 200 && ver.body ? ver.body.toString('utf8').trim().split(/\s+/)[0] : undefined;
        if (text) {
          stated = text;
          wanted = hooks.checkVersion(text) === 'download';
          ver.step.note = `sip.ver states ${text}: ${wanted ? 'another version, downloading' : 'the version running, no download'}`;
        }
      }
      const head = wanted === undefined && hooks.headerBytes ? await request('GET', app.appFilePath, true, undefined, { start: 0, end: hooks.headerBytes - 1 }) : undefined;
      if (wanted === undefined) wanted = !head || ((head.status === 200 || head.status === 206) && head.body !== undefined && hooks.check(head.body) === 'download');
      if (head) head.step.note = head.status >= 400 ? 'no firmware image: the phone keeps its current application' : wanted ? 'image header read: another version, downloading' : 'image header read: same version, no download';
      if (wanted && (!head || head.status < 400)) {
        const fw = await request('GET', app.appFilePath, true);
        firmware = { file: app.appFilePath, status: fw.status, bytes: fw.bytes };
        if (fw.status === 200 && fw.body) {
          const what = await hooks.downloaded(fw.body, stated);
          fw.step.note = `firmware image downloaded (${fw.bytes} bytes): ${what === 'flash' ? 'flashing, then rebooting' : what === 'reject' ? 'image rejected, keeping the current application' : 'the phone hangs'}`;
          if (what !== 'reject') return { mac, model: model.code, protocol, ok: true, steps, problems, firmware, configFiles: [], outcome: what === 'flash' ? 'flashed' : 'hung' };
        }
      }
    } else if (app.appFilePath) {
      const fw = await request('GET', app.appFilePath, true);
      firmware = { file: app.appFilePath, status: fw.status, bytes: fw.bytes };
      fw.step.note = fw.status === 200 ? `firmware image offered (${fw.bytes} bytes)` : 'no firmware image: the phone keeps its current application';
    }
    await request('PUT', inDir(app.logDir, `${mac}-boot.log`), false, log(`Updater ${model.code} ${mac} booted`));

    // Application stage.
    setStage('Application', opts.appVersion ?? '5.9.6.2327');
    const app2 = await master();
    for (const file of app2.configFiles) {
      const r = await request('GET', file, false);
      if (r.status !== 200) problems.push(`CONFIG_FILES entry ${file} answered ${r.status}: a real phone shows "Config file error"`);
      else if (r.body && XMLValidator.validate(r.body.toString('utf8')) !== true) problems.push(`${file} is not well-formed XML`);
      else if (r.body) opts.onConfig?.(file, r.body);
    }
    const optional = [
      inDir(app2.overridesDir, `${mac}-phone.cfg`),
      inDir(app2.overridesDir, `${mac}-web.cfg`),
      inDir(app2.licenseDir, '000000000000-license.cfg'),
      inDir(app2.licenseDir, `${mac}-license.cfg`),
      inDir(app2.contactsDir, `${mac}-directory.xml`),
      inDir(app2.contactsDir, '000000000000-directory.xml'),
      inDir(app2.callListsDir, `${mac}-calls.xml`),
    ];
    for (const file of optional) await request('GET', file, true);
    const appLog = inDir(app2.logDir, `${mac}-app.log`);
    if (transport.protocol !== 'ftp') await request('HEAD', appLog, true);
    const put = await request('PUT', appLog, false, log(`Application ${opts.appVersion ?? '5.9.6.2327'} started on ${model.code}`));
    if (put.status >= 400) problems.push(`upload of ${appLog} answered ${put.status}`);
    return { mac, model: model.code, protocol, ok: problems.length === 0, steps, problems, ...(firmware ? { firmware } : {}), configFiles: app2.configFiles };
  } finally {
    await transport.close();
  }
}
