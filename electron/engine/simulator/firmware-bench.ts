/**
 * A simulated bench of Polycom phones for the firmware queue: each phone boots against
 * the provisioning server (polycom-boot.ts), reads the offered image's header to learn its
 * version, downloads it when it differs, "flashes" it and reboots with the new version in its
 * User-Agent. A phone can be told to reject the image the first N times, or to never come back
 * after a download (not even after a power cycle). The bench is also the queue's PhoneController
 * (`simulated`), and its phone versions can be saved to a file so they survive an engine restart.
 * Test images start with `PROVKIT-SIM-IMAGE <version>\n` (see {@link makeSimImage}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QueuePhone } from '../../../shared/firmware-dto';
import { sameVersion } from '../../../shared/firmware-version';
import { normalizeMac } from '../../../shared/mac';
import { writeJsonAtomic } from '../atomic-file';
import type { PhoneController, PhoneVersionInfo } from '../firmware/phone-controller';
import { simulatePolycomBoot, type SimFirmwareHooks, type SimResult } from './polycom-boot';

const MAGIC = 'PROVKIT-SIM-IMAGE ';

/** A test image: a header line naming the version, then `size` bytes in all (pseudo-random filler). */
export function makeSimImage(version: string, size: number): Buffer {
  const head = Buffer.from(`${MAGIC}${version}\n`);
  const buf = Buffer.alloc(Math.max(size, head.length));
  for (let i = head.length; i < buf.length; i++) buf[i] = (i * 2654435761) >>> 24;
  head.copy(buf);
  return buf;
}

/** The version a test image names, or undefined for any other file. */
export function simImageVersion(head: Buffer): string | undefined {
  const text = head.subarray(0, 64).toString('latin1');
  if (!text.startsWith(MAGIC)) return undefined;
  return text.slice(MAGIC.length).split('\n')[0]!.trim();
}

/**
 * Firmware hooks of a phone that downloads a test image naming another version and flashes it
 * (sets `phone.appVersion`; the boot then ends, the phone reboots into it).
 * @param flashMs how long flashing takes
 * @param gate flashing also waits for this promise (tests hold a phone mid-flash)
 * @param versionFile read `sip.ver` next to the image first: its version decides, and is the
 *   version the phone runs after flashing an image that does not name one
 */
export function flashingHooks(phone: { appVersion: string }, flashMs = 200, gate?: () => Promise<void>, versionFile = false): SimFirmwareHooks {
  return {
    headerBytes: 64,
    check: (head) => {
      const v = simImageVersion(head);
      return v && !sameVersion(v, phone.appVersion) ? 'download' : 'skip';
    },
    ...(versionFile ? { checkVersion: (v: string) => (sameVersion(v, phone.appVersion) ? 'skip' : 'download') as 'skip' | 'download' } : {}),
    downloaded: async (image, stated) => {
      await Promise.all([sleep(flashMs), gate?.()]);
      phone.appVersion = simImageVersion(image) ?? stated ?? phone.appVersion;
      return 'flash';
    },
  };
}

/** One simulated phone of the bench. */
export interface SimBenchPhoneOptions {
  mac: string;
  model: string;
  appVersion: string;
  updaterVersion?: string;
  /** Reject the image this many times before flashing it. */
  rejectTimes?: number;
  /** Hang after the first download, for good. */
  neverReturn?: boolean;
}

interface PhoneState extends Required<Omit<SimBenchPhoneOptions, 'updaterVersion'>> {
  updaterVersion: string;
  server: string;
  hung: boolean;
  flashes: number;
}

/** Bench options. Times in ms. */
export interface SimBenchOptions {
  /** Boot server URL the phones use until pointed elsewhere. */
  server: string;
  /** How long "flashing" takes. */
  flashMs?: number;
  /** Pause between a failed boot (server down) and the next try. */
  retryMs?: number;
  /** Save phone versions here (atomically) so a restarted process continues with them. */
  stateFile?: string;
  /** Told about every boot. */
  onBoot?: (mac: string, r: SimResult | Error) => void;
}

/** The simulated bench; also a PhoneController. */
export class SimulatedBench implements PhoneController {
  readonly kind = 'simulated' as const;
  private readonly phones = new Map<string, PhoneState>();
  private readonly booting = new Set<string>();
  private closed = false;

  constructor(private readonly opts: SimBenchOptions) {}

  /** Add phones; saved versions (stateFile) win over the given ones. */
  add(list: SimBenchPhoneOptions[]): void {
    const saved: Record<string, PhoneState> = this.opts.stateFile && existsSync(this.opts.stateFile) ? (JSON.parse(readFileSync(this.opts.stateFile, 'utf8')) as Record<string, PhoneState>) : {};
    for (const o of list) {
      const mac = normalizeMac(o.mac);
      const base: PhoneState = { mac, model: o.model, appVersion: o.appVersion, updaterVersion: o.updaterVersion ?? '5.9.5.0614', rejectTimes: o.rejectTimes ?? 0, neverReturn: o.neverReturn ?? false, server: this.opts.server, hung: false, flashes: 0 };
      this.phones.set(mac, { ...base, ...(saved[mac] ?? {}) });
    }
  }

  /** A phone's state (version, flashes, hung). */
  phone(mac: string): Readonly<PhoneState> | undefined {
    return this.phones.get(normalizeMac(mac));
  }

  async setBootServer(phone: QueuePhone, url: string): Promise<void> {
    const p = this.get(phone.mac);
    if (p.hung || this.booting.has(p.mac)) throw new Error(`${p.mac} does not answer on its web interface (connection refused)`);
    if (url) p.server = url;
  }

  /** Reboot requests that reached a phone while it was still booting (a controller that did not wait for it). */
  readonly rebootsWhileBooting = new Map<string, number>();

  async reboot(phone: QueuePhone): Promise<void> {
    const p = this.get(phone.mac);
    if (p.hung || this.booting.has(p.mac)) {
      if (this.booting.has(p.mac)) this.rebootsWhileBooting.set(p.mac, (this.rebootsWhileBooting.get(p.mac) ?? 0) + 1);
      throw new Error(`${p.mac} does not answer on its web interface`);
    }
    this.startBoot(p);
  }

  async getInfo(phone: QueuePhone): Promise<PhoneVersionInfo | undefined> {
    const p = this.get(phone.mac);
    if (p.hung || this.booting.has(p.mac)) throw new Error(`${p.mac} does not answer on its web interface`);
    return { appVersion: p.appVersion, updaterVersion: p.updaterVersion };
  }

  /** The phone's outlet was power-cycled: it boots again (unless it never returns). */
  powerCycled(mac: string): void {
    const p = this.get(mac);
    if (p.neverReturn && p.hung) return;
    p.hung = false;
    this.startBoot(p);
  }

  /** Stop booting phones (in-flight boots end at their next request). */
  close(): void {
    this.closed = true;
  }

  private get(mac: string): PhoneState {
    const p = this.phones.get(normalizeMac(mac));
    if (!p) throw new Error(`no simulated phone ${mac}`);
    return p;
  }

  private readonly again = new Set<string>();

  private startBoot(p: PhoneState): void {
    if (this.closed) return;
    if (this.booting.has(p.mac)) {
      this.again.add(p.mac); // rebooted while booting: boot again when this boot ends
      return;
    }
    this.booting.add(p.mac);
    void this.bootLoop(p).finally(() => this.booting.delete(p.mac));
  }

  private async bootLoop(p: PhoneState): Promise<void> {
    for (let boots = 0; boots < 20 && !this.closed; boots++) {
      let r: SimResult;
      try {
        r = await simulatePolycomBoot({
          server: p.server, mac: p.mac, model: p.model, appVersion: p.appVersion, updaterVersion: p.updaterVersion, tagSerialNo: true, timeoutMs: 30_000,
          firmware: {
            headerBytes: 64,
            check: flashingHooks(p).check,
            downloaded: async (image) => {
              if (p.neverReturn) return (p.hung = true), 'hang';
              if (p.rejectTimes > 0) {
                p.rejectTimes--;
                await this.save();
                return 'reject';
              }
              await sleep(this.opts.flashMs ?? 200);
              p.appVersion = simImageVersion(image) ?? p.appVersion;
              p.flashes++;
              await this.save();
              return 'flash';
            },
          },
        });
      } catch (err) {
        this.opts.onBoot?.(p.mac, err as Error);
        await sleep(this.opts.retryMs ?? 500);
        continue;
      }
      this.opts.onBoot?.(p.mac, r);
      if (r.outcome === 'hung') return;
      if (r.outcome !== 'flashed' && !this.again.delete(p.mac)) return;
    }
  }

  private saving: Promise<void> = Promise.resolve();

  /** Save versions; writes are serialised (one temp file at a time). */
  private save(): Promise<void> {
    const file = this.opts.stateFile;
    if (!file) return Promise.resolve();
    this.saving = this.saving.then(() => writeJsonAtomic(file, Object.fromEntries(this.phones))).catch(() => undefined);
    return this.saving;
  }
}
