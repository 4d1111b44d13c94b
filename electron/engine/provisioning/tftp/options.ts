/**
 * TFTP option negotiation: what the server agrees to of a request's options, and the OACK to send.
 * Sources: RFC 2347 §3 (the server answers only options it accepts; none → no OACK), RFC 2348
 * (`blksize` 8-65464; a server may answer a smaller value), RFC 2349 (`timeout` 1-255 s echoed,
 * `tsize`: the server returns the size on RRQ and may refuse a WRQ too large with error 3),
 * RFC 7440 (`windowsize` 1-65535; the server may answer a smaller value). `rollover` (0|1, block
 * number after 65535) is a tftp-hpa extension accepted as such.
 */

/** Server-side limits applied to what clients ask for. */
export interface TftpLimits {
  /** Largest block size agreed, bytes (≤ 65464, RFC 2348). */
  maxBlksize: number;
  /** Largest window agreed, blocks (RFC 7440). */
  maxWindowsize: number;
  /** Cap on blksize × windowsize, bytes: bounds the data one transfer keeps in flight (memory). */
  maxWindowBytes: number;
}

/** Default limits: any RFC block size, windows up to 64 blocks and 1 MiB in flight. */
export const DEFAULT_LIMITS: TftpLimits = { maxBlksize: 65464, maxWindowsize: 64, maxWindowBytes: 1024 * 1024 };

/** What a transfer runs with. */
export interface Negotiated {
  /** Data bytes per DATA packet (512 without the option, RFC 1350). */
  blksize: number;
  /** Blocks sent before waiting for an ACK (1 = lock-step RFC 1350). */
  windowsize: number;
  /** Retransmission timeout the client asked for, ms; undefined = the server default. */
  timeoutMs?: number;
  /** Block number after 65535: 0 (most clients) or 1. */
  rollover: 0 | 1;
  /** Size the client announced (WRQ `tsize`), bytes. */
  clientSize?: number;
  /** Options to put in the OACK (client's order); empty = send no OACK. */
  oack: Record<string, string>;
}

/** Default TFTP block size (RFC 1350 §2). */
export const DEFAULT_BLKSIZE = 512;

/** A decimal integer option value, or undefined when it is not one. */
function integer(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d{1,10}$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/**
 * Decide the options of one transfer.
 * @param op the request type
 * @param requested options from the request (lowercase names)
 * @param size bytes the server will send (RRQ; as sent, i.e. after netascii conversion)
 * @param limits server limits
 * @returns the values to run with and the OACK content; unknown or invalid options are left out
 *          (RFC 2347 §3: a server ignores options it does not support)
 */
export function negotiate(op: 'RRQ' | 'WRQ', requested: Record<string, string>, size: number | undefined, limits: TftpLimits = DEFAULT_LIMITS): Negotiated {
  const out: Negotiated = { blksize: DEFAULT_BLKSIZE, windowsize: 1, rollover: 0, oack: {} };
  for (const [name, raw] of Object.entries(requested)) {
    const n = integer(raw);
    switch (name) {
      case 'blksize':
        if (n === undefined || n < 8) break;
        out.blksize = Math.min(n, limits.maxBlksize, 65464);
        out.oack.blksize = String(out.blksize);
        break;
      case 'timeout':
        if (n === undefined || n < 1 || n > 255) break;
        out.timeoutMs = n * 1000;
        out.oack.timeout = String(n);
        break;
      case 'tsize':
        if (n === undefined) break;
        if (op === 'RRQ') {
          if (size === undefined) break;
          out.oack.tsize = String(size);
        } else {
          out.clientSize = n;
          out.oack.tsize = String(n);
        }
        break;
      case 'windowsize':
        if (n === undefined || n < 1 || n > 65535) break;
        out.windowsize = Math.min(n, limits.maxWindowsize);
        out.oack.windowsize = String(out.windowsize);
        break;
      case 'rollover':
        if (n !== 0 && n !== 1) break;
        out.rollover = n;
        out.oack.rollover = String(n);
        break;
      default:
        break; // not supported: not acknowledged
    }
  }
  // The window must fit the memory cap; the block size is never cut below what was agreed.
  if (out.windowsize > 1) {
    const fit = Math.max(1, Math.floor(limits.maxWindowBytes / out.blksize));
    if (fit < out.windowsize) {
      out.windowsize = fit;
      out.oack.windowsize = String(fit);
    }
  }
  return out;
}

/**
 * The agreed options for the request log (`RequestEvent.options`): numbers as numbers.
 * @returns e.g. `{ blksize: 1428, tsize: 33554432, windowsize: 8 }`; empty when none were agreed
 */
export function agreedForLog(n: Negotiated): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(n.oack)) out[k] = Number(v);
  return out;
}
