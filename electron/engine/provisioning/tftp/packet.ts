/**
 * TFTP packet codec: pure parse and encode of every packet type, no I/O.
 * Sources: RFC 1350 §5 (RRQ/WRQ, DATA, ACK, ERROR; opcodes 1-5, error codes 0-7), RFC 2347 §2-3
 * (options appended to RRQ/WRQ as `name\0value\0` pairs, OACK opcode 6, error code 8).
 * Malformed input never throws anything but {@link TftpPacketError}; the servers log and drop it
 * (or answer with an ERROR packet for a malformed request).
 */

/** Opcodes (RFC 1350 §5, RFC 2347 §3). */
export const OP = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** Error codes of an ERROR packet (RFC 1350 Appendix "Error Codes", RFC 2347 §3 code 8). */
export const ERR = {
  NOT_DEFINED: 0,
  FILE_NOT_FOUND: 1,
  ACCESS_VIOLATION: 2,
  DISK_FULL: 3,
  ILLEGAL_OPERATION: 4,
  UNKNOWN_TID: 5,
  FILE_EXISTS: 6,
  NO_SUCH_USER: 7,
  OPTION_REFUSED: 8,
} as const;

/** A read or write request. `options` keys are lowercase (RFC 2347: names are case-insensitive). */
export interface TftpRequest {
  op: 'RRQ' | 'WRQ';
  filename: string;
  /** Lowercase transfer mode: `octet`, `netascii` (or `mail`, which servers refuse). */
  mode: string;
  /** Options in the order the client sent them (first value wins for a repeated name). */
  options: Record<string, string>;
}

/** Any TFTP packet. `block` is the 16-bit block number as on the wire. */
export type TftpPacket =
  | TftpRequest
  | { op: 'DATA'; block: number; data: Buffer }
  | { op: 'ACK'; block: number }
  | { op: 'ERROR'; code: number; message: string }
  | { op: 'OACK'; options: Record<string, string> };

/**
 * Why a packet could not be parsed (`message` says what is wrong, for logs and ERROR replies).
 * Malformed input is expected (a flood of it must stay cheap), so no stack trace is captured.
 */
export class TftpPacketError extends Error {
  /** The opcode read, when the packet had one. */
  readonly opcode?: number;

  /** @param opcode the opcode read, when the packet had one */
  constructor(message: string, opcode?: number) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'TftpPacketError';
    if (opcode !== undefined) this.opcode = opcode;
  }
}

/** Largest request accepted, bytes (RFC 2347 §2 limits a request to 512; clients exceed it). */
export const MAX_REQUEST_BYTES = 4096;
/** Most option pairs accepted in one request. */
export const MAX_OPTIONS = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Split `buf[from..]` into NUL-terminated strings.
 * @throws TftpPacketError when a field is not terminated or is not UTF-8/ASCII text
 */
function strings(buf: Buffer, from: number, opcode: number): string[] {
  const out: string[] = [];
  let i = from;
  while (i < buf.length) {
    const end = buf.indexOf(0, i);
    if (end < 0) throw new TftpPacketError('a field is not terminated by a zero byte', opcode);
    let ascii = true;
    for (let j = i; j < end; j++) if (buf[j]! > 0x7f) ascii = false;
    if (ascii) out.push(buf.toString('latin1', i, end));
    else {
      try {
        out.push(utf8.decode(buf.subarray(i, end)));
      } catch {
        throw new TftpPacketError('a field is not valid text', opcode);
      }
    }
    i = end + 1;
  }
  return out;
}

/** Options from `name, value, name, value, ...`; names lowercased, the first value of a name kept. */
function optionPairs(fields: string[], opcode: number): Record<string, string> {
  if (fields.length % 2 !== 0) throw new TftpPacketError(`option "${fields[fields.length - 1]}" has no value`, opcode);
  if (fields.length / 2 > MAX_OPTIONS) throw new TftpPacketError(`more than ${MAX_OPTIONS} options`, opcode);
  const options: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!.toLowerCase();
    if (name === '') throw new TftpPacketError('an option has an empty name', opcode);
    if (!(name in options)) options[name] = fields[i + 1]!;
  }
  return options;
}

/**
 * Parse one datagram.
 * @param buf the UDP payload
 * @returns the packet; DATA's `data` is a view into `buf` (no copy)
 * @throws TftpPacketError for anything that is not a well-formed TFTP packet
 */
export function parsePacket(buf: Buffer): TftpPacket {
  if (buf.length < 2) throw new TftpPacketError('packet shorter than an opcode');
  const opcode = buf.readUInt16BE(0);
  switch (opcode) {
    case OP.RRQ:
    case OP.WRQ: {
      if (buf.length > MAX_REQUEST_BYTES) throw new TftpPacketError(`request longer than ${MAX_REQUEST_BYTES} bytes`, opcode);
      const fields = strings(buf, 2, opcode);
      if (fields.length < 2) throw new TftpPacketError('request without file name and mode', opcode);
      const [filename, mode] = fields as [string, string];
      if (filename === '') throw new TftpPacketError('request with an empty file name', opcode);
      return { op: opcode === OP.RRQ ? 'RRQ' : 'WRQ', filename, mode: mode.toLowerCase(), options: optionPairs(fields.slice(2), opcode) };
    }
    case OP.DATA:
      if (buf.length < 4) throw new TftpPacketError('DATA packet without block number', opcode);
      return { op: 'DATA', block: buf.readUInt16BE(2), data: buf.subarray(4) };
    case OP.ACK:
      if (buf.length < 4) throw new TftpPacketError('ACK packet without block number', opcode);
      return { op: 'ACK', block: buf.readUInt16BE(2) };
    case OP.ERROR: {
      if (buf.length < 4) throw new TftpPacketError('ERROR packet without error code', opcode);
      const end = buf.indexOf(0, 4);
      const text = buf.subarray(4, end < 0 ? buf.length : end);
      return { op: 'ERROR', code: buf.readUInt16BE(2), message: text.toString('latin1') };
    }
    case OP.OACK:
      return { op: 'OACK', options: optionPairs(strings(buf, 2, opcode), opcode) };
    default:
      throw new TftpPacketError(`unknown opcode ${opcode}`, opcode);
  }
}

/** NUL-terminated text fields as one buffer. */
function fields(values: string[]): Buffer {
  return Buffer.concat(values.flatMap((v) => [Buffer.from(v, 'utf8'), Buffer.alloc(1)]));
}

/**
 * Encode a read or write request (RFC 1350 §5, options RFC 2347 §2).
 * @returns the datagram
 */
export function encodeRequest(op: 'RRQ' | 'WRQ', filename: string, mode = 'octet', options: Record<string, string | number> = {}): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(OP[op]);
  const pairs = Object.entries(options).flatMap(([k, v]) => [k, String(v)]);
  return Buffer.concat([head, fields([filename, mode, ...pairs])]);
}

/**
 * Write a DATA header (opcode 3, block number) into the first 4 bytes of `into`.
 * @param block wire block number (0-65535)
 * @returns `into`
 */
export function writeDataHeader(into: Buffer, block: number): Buffer {
  into[0] = 0;
  into[1] = OP.DATA;
  into[2] = (block >>> 8) & 0xff;
  into[3] = block & 0xff;
  return into;
}

/**
 * Encode a DATA packet (copies `data`; the server's hot path writes headers in place instead).
 * @param block wire block number
 */
export function encodeData(block: number, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + data.length);
  writeDataHeader(out, block);
  data.copy(out, 4);
  return out;
}

/**
 * Encode an ACK packet.
 * @param block wire block number (0 acknowledges a WRQ, RFC 1350 §4)
 */
export function encodeAck(block: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt16BE(OP.ACK, 0);
  out.writeUInt16BE(block & 0xffff, 2);
  return out;
}

/**
 * Encode an ERROR packet.
 * @param code an {@link ERR} code
 * @param message text for the client's user (ASCII is safest; longer than 400 bytes is cut)
 */
export function encodeError(code: number, message: string): Buffer {
  const text = Buffer.from(message.slice(0, 400), 'utf8');
  const out = Buffer.alloc(5 + text.length);
  out.writeUInt16BE(OP.ERROR, 0);
  out.writeUInt16BE(code, 2);
  text.copy(out, 4);
  return out;
}

/**
 * Encode an OACK packet (RFC 2347 §3) with the agreed options.
 * @param options name → value, in the order to send
 */
export function encodeOack(options: Record<string, string | number>): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(OP.OACK);
  return Buffer.concat([head, fields(Object.entries(options).flatMap(([k, v]) => [k, String(v)]))]);
}
