/**
 * Errors of the DHCP codec. A malformed packet never becomes an untyped exception: the decoder throws
 * {@link DhcpDecodeError} naming the byte offset, and listeners log and drop it (conventions: "bad
 * input gets a clear typed error and loses nothing").
 */

/**
 * A packet (or an option's data) that cannot be decoded.
 * `offset` is the byte offset in the buffer handed to the decoder (the BOOTP message for packets,
 * the option's data for typed option values); `reason` says what is wrong in words.
 * `partial` carries what was decoded before the problem (header, earlier options), when any.
 */
export class DhcpDecodeError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly partial?: unknown,
  ) {
    super(`offset ${offset}: ${reason}`);
    this.name = 'DhcpDecodeError';
  }
}

/**
 * A value that cannot be encoded (a builder or the bench server was given something the wire
 * format cannot carry: a 300-byte string in a sub-option, a VLAN id of 5000, a bad IPv4 address).
 */
export class DhcpEncodeError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'DhcpEncodeError';
  }
}
