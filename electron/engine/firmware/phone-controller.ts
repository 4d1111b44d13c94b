/**
 * How the upgrade queue drives a phone: point it at the bench server, reboot it, read its version.
 * Implementations: {@link ManualController} (the technician does it; the queue waits for the
 * phone's first request), the phone web-UI client (see polycom-controller.ts), and the
 * simulator's bench (tests).
 * Source: AltiGen guide "Using an FTP Server to Update Firmware Files" steps 3-6 (set the server
 * type/address, Boot Server = Static, save, the phone reboots).
 */
import type { QueuePhone } from '../../../shared/firmware-dto';

/** What a controller reports about a phone. */
export interface PhoneVersionInfo {
  appVersion?: string;
  updaterVersion?: string;
}

/** Drives phones for the queue. Methods throw with a sentence saying what to do. */
export interface PhoneController {
  /** `manual`: nothing is sent; the UI tells the technician what to do. */
  readonly kind: 'manual' | 'web' | 'simulated';
  /** Point the phone's provisioning server at `url` (Boot Server = Static). */
  setBootServer(phone: QueuePhone, url: string): Promise<void>;
  /** Reboot the phone so it runs its Updater and fetches firmware. */
  reboot(phone: QueuePhone): Promise<void>;
  /** Read the phone's versions; undefined when it cannot be asked. */
  getInfo(phone: QueuePhone): Promise<PhoneVersionInfo | undefined>;
}

/** The technician points and reboots the phone by hand; versions come from User-Agents only. */
export class ManualController implements PhoneController {
  readonly kind = 'manual' as const;
  async setBootServer(): Promise<void> {}
  async reboot(): Promise<void> {}
  async getInfo(): Promise<undefined> {
    return undefined;
  }
}

/** What the UI tells the technician to do for a manual phone at each step. */
export function manualInstruction(phone: QueuePhone, url: string): string {
  return `On ${phone.mac}: Settings › Provisioning Server: server ${url}, Boot Server = Static, save, and let it reboot.`;
}
