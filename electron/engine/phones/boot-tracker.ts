/**
 * Keeps each phone's latest boot as requests arrive (one record per phone, one outcome per file:
 * the cost of a request does not grow with the log), reads the master configuration a Polycom
 * phone was served (once per boot, when its verdict is first asked for; the same file asked for
 * many phones within {@link BootTracker.READ_REUSE_MS} is read once), and gives the boot verdict
 * of boot-verdict.ts on demand. A phone still `booting` is looked at again every
 * {@link BootTracker.CHECK_MS} so it turns `incomplete` without a new request.
 */
import type { PhoneBoot, RequestEvent } from '../../../shared/dto';
import { isUpload } from '../../../shared/boot-rules';
import { vendorFromMac } from '../../../shared/vendors';
import { findPolycomModel } from '../../../shared/models';
import { MasterConfigError, parseMaster } from '../provisioning/master-config';
import { addToBoot, bootVerdict, FLASH_QUIET_MS, openBoot, placeInBoot, QUIET_MS, type BootRecord, type MasterView } from './boot-verdict';

/** What the tracker needs from the engine. */
export interface BootTrackerOptions {
  /**
   * The text of a file as the provisioning root serves it now.
   * @param path the request path (leading `/`)
   * @returns the text, or undefined when nothing answers to that path any more
   */
  readMaster(path: string): Promise<string | undefined>;
  /** Called when a phone's verdict may have changed without a request (master read, quiet). */
  onChange(mac: string): void;
  /** Clock, ms since epoch (tests). */
  now?: () => number;
}

interface MasterState {
  path: string;
  /** Time of the request that was served this master, ms since epoch. */
  time: number;
  text?: string;
  /** Why it could not be read back from the root (then its entries are not checked). */
  unreadable?: string;
  pending: boolean;
  /** The read was started (lazily, the first time the verdict is asked for). */
  started: boolean;
  /** Parsed for this model code ('' = none). */
  parsedFor?: string;
  view?: MasterView;
}

interface PhoneState {
  mac: string;
  boot: BootRecord;
  model?: string;
  polycom: boolean;
  master?: MasterState;
  /** Bumped whenever something the verdict is made from changes (a request, the master read). */
  version: number;
  /** The last verdict given, for `version`, at time `at` (ms since epoch). */
  cached?: { version: number; at: number; boot: PhoneBoot };
}

const MASTER_KINDS = new Set(['master-config', 'default-master-config']);

/** Per-phone boots and their verdicts. */
export class BootTracker {
  /** How often phones still booting are looked at, ms. */
  static readonly CHECK_MS = 15_000;
  /** How long a master's text read for one phone is reused for others, ms. */
  static readonly READ_REUSE_MS = 2_000;
  private readonly phones = new Map<string, PhoneState>();
  private readonly watch = new Set<string>();
  private readonly reads = new Map<string, { at: number; text: Promise<string | undefined> }>();
  /** Masters already read for phones whose boot is being counted again (see {@link forget}). */
  private readonly readBefore = new Map<string, MasterState>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: BootTrackerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * Count a request attributed to `mac` into that phone's latest boot (a request from before it
   * is dropped; one that starts a new boot replaces it).
   * @param mac 12 lowercase hex digits
   * @param ev the request (its `phone.mac` may differ when it is being moved between phones)
   */
  add(mac: string, ev: RequestEvent): void {
    let st = this.phones.get(mac);
    const place = st ? placeInBoot(st.boot, ev) : 'new';
    if (place === 'older') return;
    if (!st || place === 'new') {
      st = { mac, boot: openBoot(ev), polycom: vendorFromMac(mac) === 'polycom', version: 0 };
      this.phones.set(mac, st);
    } else {
      addToBoot(st.boot, ev);
      st.version++;
    }
    if (ev.phone.vendor) st.polycom = ev.phone.vendor === 'Polycom';
    if (ev.phone.model) st.model = ev.phone.model;
    if (ev.ok && MASTER_KINDS.has(ev.fileKind) && ev.method.toUpperCase() !== 'HEAD' && !isUpload(ev) && st.polycom) {
      if (!st.master || ev.time >= st.boot.last) st.master = this.readAlready(mac, ev) ?? { path: ev.path, time: ev.time, pending: true, started: false };
    }
    // Only a live boot can still change by itself (not one replayed from the log at start-up).
    if (this.now() - ev.time > QUIET_MS) return;
    this.watch.add(mac);
    this.timer ??= setInterval(() => this.check(), BootTracker.CHECK_MS).unref();
  }

  /**
   * Forget a phone's boot (its requests are about to be counted again, as when a request moves to
   * another phone). A master already read for it is kept for the same request counted again, so the
   * verdict does not go back to "Reading …" for a file it has read.
   */
  forget(mac: string): void {
    const m = this.phones.get(mac)?.master;
    this.phones.delete(mac);
    if (!m?.started || m.pending) return;
    if (this.readBefore.size > 1000) this.readBefore.clear();
    this.readBefore.set(mac, m);
  }

  /** The master read before {@link forget} when `ev` is the very request it was read for. */
  private readAlready(mac: string, ev: RequestEvent): MasterState | undefined {
    const m = this.readBefore.get(mac);
    if (!m || m.path !== ev.path || m.time !== ev.time) return undefined;
    this.readBefore.delete(mac);
    return m;
  }

  /**
   * The verdict on a phone's latest boot.
   * @param mac 12 lowercase hex digits
   * @param now ms since epoch
   */
  verdict(mac: string, now = this.now()): PhoneBoot {
    const st = this.phones.get(mac);
    if (!st) return bootVerdict(undefined, undefined, now);
    const c = st.cached;
    if (c && c.version === st.version && sameAnswer(c.boot, c.at, now, st.boot.last)) return c.boot;
    const boot = bootVerdict(st.boot, this.masterView(st), now);
    st.cached = { version: st.version, at: now, boot };
    return boot;
  }

  /** Stop the timer. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private masterView(st: PhoneState): MasterView | undefined {
    const m = st.master;
    if (!m) return undefined;
    const name = m.path.split('/').pop() || m.path;
    if (!m.started) this.readMaster(st, m);
    if (m.pending) return { name, pending: true };
    if (m.text === undefined) return { name, unreadable: m.unreadable ?? 'not read' };
    const model = st.model ? findPolycomModel(st.model) : undefined;
    const key = model?.code ?? '';
    if (m.parsedFor !== key || !m.view) {
      m.parsedFor = key;
      try {
        m.view = { name, settings: parseMaster(m.text, model, st.mac) };
      } catch (err) {
        if (!(err instanceof MasterConfigError)) throw err;
        m.view = { name, error: err.message };
      }
    }
    return m.view;
  }

  private readMaster(st: PhoneState, m: MasterState): void {
    m.started = true;
    const path = m.path;
    const now = this.now();
    let read = this.reads.get(path);
    if (!read || now - read.at > BootTracker.READ_REUSE_MS) {
      if (this.reads.size > 1000) this.reads.clear();
      read = { at: now, text: this.opts.readMaster(path) };
      this.reads.set(path, read);
    }
    read.text.then(
      (text) => {
        st.version++;
        m.pending = false;
        if (text === undefined) m.unreadable = 'it is no longer on the server';
        else m.text = text;
      },
      (err: Error) => {
        st.version++;
        m.pending = false;
        m.unreadable = err.message;
      },
    ).finally(() => {
      if (this.phones.get(st.mac)?.master === m) this.opts.onChange(st.mac);
    });
  }

  /** Phones whose boot was still open: tell the engine once they are no longer `booting`. */
  private check(): void {
    const now = this.now();
    for (const mac of this.watch) {
      if (this.verdict(mac, now).verdict === 'booting') continue;
      this.watch.delete(mac);
      this.opts.onChange(mac);
    }
    if (this.watch.size === 0) this.close();
  }
}

/**
 * Whether a verdict given at `at` still holds at `now` for a boot whose latest request was at
 * `last` (nothing else changed): time only matters once the phone has been quiet
 * {@link QUIET_MS} (`booting` becomes `incomplete`, whose words count the minutes of silence).
 * Before that, any two times give the same verdict; long after it (past {@link FLASH_QUIET_MS}),
 * a `booted` or `failed` verdict no longer changes.
 */
function sameAnswer(given: PhoneBoot, at: number, now: number, last: number): boolean {
  if (at <= last + QUIET_MS && now <= last + QUIET_MS) return true;
  return at > last + FLASH_QUIET_MS && now > last + FLASH_QUIET_MS && (given.verdict === 'booted' || given.verdict === 'failed');
}
