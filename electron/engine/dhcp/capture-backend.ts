/**
 * Packet-capture backend of the sniffer: libpcap through the `cap` npm binding (native, optional:
 * loaded with a dynamic import, so ProvKit runs without it). Sees both directions of DHCP on the
 * chosen interface, unicast OFFER/ACK included. Needs root or CAP_NET_RAW.
 */
import { createRequire } from 'node:module';
import { networkInterfaces, platform } from 'node:os';
import { isDhcpDatagram, LINKTYPE, udpFromFrame, type UdpDatagram } from './link';

/** The part of `cap`'s API used here. */
interface CapInstance {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  on(event: 'packet', fn: (nbytes: number, truncated: boolean) => void): void;
  close(): void;
  send(buffer: Buffer, nBytes?: number): void;
  setMinBytes?(n: number): void;
  removeAllListeners(event: 'packet'): void;
}
interface CapModule {
  Cap: { new (): CapInstance; deviceList(): Array<{ name: string; description?: string; addresses?: Array<{ addr?: string }> }> };
}

let loaded: { mod?: CapModule; reason?: string } | undefined;

/**
 * Load the capture binding once.
 * @returns the module, or the reason it is unavailable (not installed, not built for this runtime)
 */
export function loadCapture(): { mod?: CapModule; reason?: string } {
  if (loaded) return loaded;
  try {
    // `cap` is CommonJS with a native addon; require keeps it out of bundlers' static graph.
    const req = createRequire(import.meta.url);
    loaded = { mod: req('cap') as CapModule };
  } catch (err) {
    loaded = { reason: `${(err as Error).message.split('\n')[0]}. Without it ProvKit sees broadcasts only, cannot tell which network card a DISCOVER came in on, and cannot probe from an interface without an address. To fix: ${captureFix()}` };
  }
  return loaded;
}

/** How to install packet capture on this system (the README's "DHCP" section says the same). */
export function captureFix(os: NodeJS.Platform = platform()): string {
  if (os === 'win32') return 'install Npcap from npcap.com (tick "WinPcap API-compatible mode"), then in the ProvKit folder run `npm install cap` (desktop app: `npx electron-rebuild -w cap`), and restart ProvKit.';
  if (os === 'darwin') return 'libpcap comes with macOS: in the ProvKit folder run `npm install cap` (desktop app: `npx electron-rebuild -w cap`), and restart ProvKit as administrator.';
  return 'install libpcap (`sudo apt-get install libpcap-dev`, or `sudo dnf install libpcap-devel`), then in the ProvKit folder run `npm install cap` (desktop app: `npx electron-rebuild -w cap`), and restart ProvKit as root or with CAP_NET_RAW.';
}

/**
 * The libpcap device of an interface name. Linux and macOS use the same names; Npcap on Windows
 * names devices `\\Device\\NPF_{GUID}`, so the interface's IPv4 addresses (from Node) find the device.
 */
function pcapDevice(mod: CapModule, name: string): string {
  if (platform() !== 'win32') return name;
  const addrs = new Set((networkInterfaces()[name] ?? []).map((a) => a.address));
  const dev = mod.Cap.deviceList().find((d) => d.name === name || d.addresses?.some((a) => a.addr && addrs.has(a.addr)) || d.description === name);
  return dev?.name ?? name;
}

const LINK_NAMES: Record<string, number> = { ETHERNET: LINKTYPE.ETHERNET, LINUX_SLL: LINKTYPE.LINUX_SLL, LINKTYPE_LINUX_SLL: LINKTYPE.LINUX_SLL, NULL: LINKTYPE.NULL, RAW: LINKTYPE.RAW };

/** A running capture. */
export interface CaptureHandle {
  close(): void;
  /**
   * Send one raw link-layer frame on the interface (libpcap `pcap_sendpacket`).
   * @throws Error with libpcap's message when the device cannot send
   */
  send(frame: Uint8Array): void;
  /** The LINKTYPE_ value of the interface (1 = Ethernet). */
  linkType: number;
}

/**
 * Capture DHCP on an interface.
 * @param device interface name (`eth0`, `any`)
 * @param onDatagram called with each DHCP datagram (payload copied)
 * @throws Error with the libpcap message when the device cannot be opened (permission, no such device)
 */
export function startCapture(device: string, onDatagram: (d: UdpDatagram) => void): CaptureHandle {
  return startRawCapture(device, 'udp and (port 67 or port 68)', (linkType, frame) => {
    const d = udpFromFrame(linkType, frame);
    if (d && isDhcpDatagram(d)) onDatagram(d);
  });
}

/**
 * Capture raw frames on an interface with a libpcap filter (promiscuous mode, as `cap` opens it).
 * @param filter pcap-filter expression (e.g. `arp`)
 * @param onFrame called with the link type and a copy of each frame
 * @throws Error with the libpcap message when the device cannot be opened, or the reason capture is unavailable
 */
export function startRawCapture(device: string, filter: string, onFrame: (linkType: number, frame: Uint8Array) => void): CaptureHandle {
  const { mod, reason } = loadCapture();
  if (!mod) throw new Error(reason);
  const cap = new mod.Cap();
  const buffer = Buffer.alloc(65535);
  const linkName = cap.open(pcapDevice(mod, device), filter, 4 * 1024 * 1024, buffer);
  const linkType = LINK_NAMES[linkName] ?? -1;
  cap.setMinBytes?.(0);
  cap.on('packet', (nbytes) => onFrame(linkType, Uint8Array.from(buffer.subarray(0, nbytes))));
  let closed = false;
  return {
    close: () => {
      if (closed) return;
      closed = true;
      cap.close();
      // Drop the listener (and with it the 64 KiB buffer); keep the closed instance itself.
      cap.removeAllListeners('packet');
      retired.push(cap);
    },
    send: (frame) => {
      // The binding calls pcap_sendpacket on the freed handle after close (a crash, not an error).
      if (closed) throw new Error(`capture on ${device} is closed`);
      cap.send(Buffer.from(frame), frame.length);
    },
    linkType,
  };
}

/**
 * Closed captures, referenced until the process ends. `cap` 0.2.1 stops its libuv poll handle on
 * close but never closes it (`uv_close`), so the handle stays in the event loop's handle list; when
 * the garbage collector then frees the closed instance, later loop operations write into freed
 * memory (valgrind shows it; in use it was a random SIGSEGV after a capture closed). Keeping closed
 * instances alive costs a few hundred bytes of native memory each: one per probe or address check.
 */
const retired: CapInstance[] = [];

/** How many closed captures are kept alive (see `retired`); for tests and diagnostics. */
export function retiredCaptureCount(): number {
  return retired.length;
}
