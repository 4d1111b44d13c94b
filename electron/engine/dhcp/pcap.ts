/**
 * A small reader for capture files: classic pcap (µs and ns, either byte order) and pcapng
 * (SHB, IDB with if_tsresol, EPB, SPB, obsolete PB; several sections). Our own, since it is small
 * and no maintained npm package reads both (libpcap file formats: draft-ietf-opsawg-pcap,
 * draft-ietf-opsawg-pcapng).
 */

/** One captured frame. `number` is 1-based, as Wireshark and tshark count frames. */
export interface CaptureFrame {
  number: number;
  /** Capture time, ms since the Unix epoch (fractional). */
  timeMs: number;
  /** LINKTYPE_ value of the interface (1 Ethernet, 113 Linux SLL, 276 SLL2, 101 raw IPv4/6, 0 BSD loopback). */
  linkType: number;
  /** The captured bytes (may be shorter than `origLen`). */
  data: Uint8Array;
  origLen: number;
}

/** A capture file that cannot be read further; `offset` is the byte offset in the file. */
export class CaptureFormatError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`capture file offset ${offset}: ${reason}`);
    this.name = 'CaptureFormatError';
  }
}

/** What a capture file held: its frames, and the error that stopped reading early, if any. */
export interface CaptureFile {
  format: 'pcap' | 'pcapng';
  frames: CaptureFrame[];
  /** Set when the file is damaged after some frames (those frames are still returned). */
  error?: CaptureFormatError;
}

const MAX_FRAME = 16 * 1024 * 1024;

/**
 * Read a capture file held in memory.
 * @param file the whole file
 * @returns the frames; damage after the first frame is reported in `error`, not thrown
 * @throws CaptureFormatError when the file is neither pcap nor pcapng, or its header is damaged
 */
export function readCapture(file: Uint8Array): CaptureFile {
  if (file.length < 4) throw new CaptureFormatError(0, 'the file is too short to be a capture');
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (dv.getUint32(0, false) === 0x0a0d0d0a) return readPcapng(file, dv);
  return readPcap(file, dv);
}

function readPcap(file: Uint8Array, dv: DataView): CaptureFile {
  const magicBE = dv.getUint32(0, false);
  let le: boolean;
  let nano: boolean;
  if (magicBE === 0xa1b2c3d4 || magicBE === 0xa1b23c4d) [le, nano] = [false, magicBE === 0xa1b23c4d];
  else if (magicBE === 0xd4c3b2a1 || magicBE === 0x4d3cb2a1) [le, nano] = [true, magicBE === 0x4d3cb2a1];
  else throw new CaptureFormatError(0, `not a pcap or pcapng file (magic ${magicBE.toString(16).padStart(8, '0')})`);
  if (file.length < 24) throw new CaptureFormatError(4, 'the pcap file header is 24 bytes; the file is shorter');
  const linkType = dv.getUint32(20, le) & 0xffff;
  const frames: CaptureFrame[] = [];
  let at = 24;
  while (at < file.length) {
    if (at + 16 > file.length) return { format: 'pcap', frames, error: new CaptureFormatError(at, 'record header cut short (file truncated)') };
    const sec = dv.getUint32(at, le);
    const frac = dv.getUint32(at + 4, le);
    const incl = dv.getUint32(at + 8, le);
    const orig = dv.getUint32(at + 12, le);
    if (incl > MAX_FRAME) return { format: 'pcap', frames, error: new CaptureFormatError(at + 8, `record claims ${incl} bytes`) };
    if (at + 16 + incl > file.length) return { format: 'pcap', frames, error: new CaptureFormatError(at, `record of ${incl} bytes runs past the end of the file`) };
    frames.push({ number: frames.length + 1, timeMs: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), linkType, data: file.subarray(at + 16, at + 16 + incl), origLen: orig });
    at += 16 + incl;
  }
  return { format: 'pcap', frames };
}

interface Iface {
  linkType: number;
  /** Timestamp units per second. */
  unitsPerSec: number;
  snapLen: number;
}

function tsResolution(code: number): number {
  return code & 0x80 ? 2 ** (code & 0x7f) : 10 ** (code & 0x7f);
}

function readPcapng(file: Uint8Array, dv: DataView): CaptureFile {
  const frames: CaptureFrame[] = [];
  let ifaces: Iface[] = [];
  let le = true;
  let at = 0;
  const stop = (offset: number, reason: string): CaptureFile => {
    const error = new CaptureFormatError(offset, reason);
    if (!frames.length && offset === 0) throw error;
    return { format: 'pcapng', frames, error };
  };
  while (at < file.length) {
    if (at + 12 > file.length) return stop(at, 'block header cut short (file truncated)');
    const type = dv.getUint32(at, le);
    if (type === 0x0a0d0d0a) {
      const bom = dv.getUint32(at + 8, false);
      if (bom === 0x1a2b3c4d) le = false;
      else if (bom === 0x4d3c2b1a) le = true;
      else return stop(at, 'section header has no byte-order magic');
      ifaces = [];
    }
    const len = dv.getUint32(at + 4, le);
    if (len < 12 || len % 4 !== 0 || at + len > file.length) return stop(at, `block length ${len} is invalid or runs past the end of the file`);
    const body = at + 8;
    const end = at + len - 4;
    if (type === 1) {
      if (end - body < 8) return stop(at, 'interface description block too short');
      const iface: Iface = { linkType: dv.getUint16(body, le), unitsPerSec: 1e6, snapLen: dv.getUint32(body + 4, le) };
      for (let o = body + 8; o + 4 <= end; ) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1 && o + 4 < end) iface.unitsPerSec = tsResolution(file[o + 4]!);
        o += 4 + Math.ceil(olen / 4) * 4;
      }
      ifaces.push(iface);
    } else if (type === 6 || type === 2) {
      if (end - body < 20) return stop(at, 'packet block too short');
      const ifId = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const iface = ifaces[ifId];
      if (!iface) return stop(at, `packet block names interface ${ifId}, which was not described`);
      const ts = (BigInt(dv.getUint32(body + 4, le)) << 32n) | BigInt(dv.getUint32(body + 8, le));
      const cap = dv.getUint32(body + 12, le);
      const orig = dv.getUint32(body + 16, le);
      if (body + 20 + cap > end) return stop(at, `packet of ${cap} bytes runs past its block`);
      const timeMs = Number((ts * 1000000n) / BigInt(Math.round(iface.unitsPerSec))) / 1000;
      frames.push({ number: frames.length + 1, timeMs, linkType: iface.linkType, data: file.subarray(body + 20, body + 20 + cap), origLen: orig });
    } else if (type === 3) {
      const iface = ifaces[0];
      if (!iface) return stop(at, 'simple packet block before any interface description');
      const orig = dv.getUint32(body, le);
      const cap = Math.min(orig, iface.snapLen || orig, end - body - 4);
      frames.push({ number: frames.length + 1, timeMs: 0, linkType: iface.linkType, data: file.subarray(body + 4, body + 4 + cap), origLen: orig });
    }
    at += len;
  }
  return { format: 'pcapng', frames };
}
