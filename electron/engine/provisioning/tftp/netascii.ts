/**
 * `netascii` transfer mode (RFC 1350 §1: "netascii as defined in the USA Standard Code for
 * Information Interchange with the modifications specified in the Telnet Protocol Specification",
 * RFC 854 p.11-12): on the wire a newline is CR LF and a bare carriage return is CR NUL.
 * Local files may use LF or CR LF newlines (both become CR LF); received files are stored with LF.
 */

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

/**
 * Convert a local file to netascii.
 * @param local the file's bytes
 * @returns the bytes to send (a new buffer; `local` when nothing needs converting)
 */
export function toNetascii(local: Buffer): Buffer {
  let extra = 0;
  for (let i = 0; i < local.length; i++) {
    const c = local[i];
    if (c === LF) extra += i > 0 && local[i - 1] === CR ? 0 : 1;
    else if (c === CR && local[i + 1] !== LF) extra++;
  }
  if (extra === 0) return local;
  const out = Buffer.allocUnsafe(local.length + extra);
  let o = 0;
  for (let i = 0; i < local.length; i++) {
    const c = local[i]!;
    if (c === LF) {
      if (!(i > 0 && local[i - 1] === CR)) out[o++] = CR;
      out[o++] = LF;
    } else if (c === CR) {
      out[o++] = CR;
      if (local[i + 1] !== LF) out[o++] = NUL;
    } else out[o++] = c;
  }
  return out;
}

/**
 * Streaming netascii → local decoder for uploads: CR LF → LF, CR NUL → CR; a CR followed by
 * anything else is kept as is (lenient). A CR at the end of one block is held until the next.
 */
export class NetasciiDecoder {
  private pendingCr = false;

  /**
   * Decode the next block.
   * @returns the local bytes (possibly empty)
   */
  decode(chunk: Buffer): Buffer {
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let o = 0;
    let i = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (chunk.length === 0) {
        this.pendingCr = true;
        return out.subarray(0, 0);
      }
      const c = chunk[0]!;
      if (c === LF) out[o++] = LF;
      else if (c === NUL) out[o++] = CR;
      else {
        out[o++] = CR;
        out[o++] = c;
      }
      i = 1;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c !== CR) {
        out[o++] = c;
        continue;
      }
      if (i + 1 === chunk.length) {
        this.pendingCr = true;
        break;
      }
      const d = chunk[++i]!;
      if (d === LF) out[o++] = LF;
      else if (d === NUL) out[o++] = CR;
      else {
        out[o++] = CR;
        out[o++] = d;
      }
    }
    return out.subarray(0, o);
  }

  /** @returns the held CR, if the transfer ended with one */
  end(): Buffer {
    const out = this.pendingCr ? Buffer.from([CR]) : Buffer.alloc(0);
    this.pendingCr = false;
    return out;
  }
}
