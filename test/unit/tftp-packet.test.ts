/**
 * TFTP packet codec (RFC 1350 §5, RFC 2347): round trips and every malformed shape named. The
 * fuzz run is in test/fuzz/tftp-packet.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  encodeAck, encodeData, encodeError, encodeOack, encodeRequest, OP, parsePacket, TftpPacketError, writeDataHeader, type TftpPacket,
} from '../../electron/engine/provisioning/tftp/packet';

describe('TFTP packet codec', () => {
  it('round-trips RRQ/WRQ with options (names lowercased, first value kept, order kept)', () => {
    const buf = encodeRequest('RRQ', 'mpv/0004f2aabbcc.cfg', 'OCTET', { BLKSIZE: 1428, tsize: 0, windowsize: 8 });
    expect(parsePacket(buf)).toEqual({ op: 'RRQ', filename: 'mpv/0004f2aabbcc.cfg', mode: 'octet', options: { blksize: '1428', tsize: '0', windowsize: '8' } });
    const dup = Buffer.concat([encodeRequest('WRQ', 'a-boot.log', 'netascii', { blksize: 512 }), Buffer.from('BlkSize\x001024\x00')]);
    const p = parsePacket(dup);
    expect(p).toMatchObject({ op: 'WRQ', mode: 'netascii', options: { blksize: '512' } });
    expect(Object.keys((p as { options: object }).options)).toEqual(['blksize']);
  });

  it('round-trips DATA, ACK, ERROR and OACK', () => {
    const data = Buffer.from('hello');
    const d = parsePacket(encodeData(65535, data)) as Extract<TftpPacket, { op: 'DATA' }>;
    expect(d.op).toBe('DATA');
    expect(d.block).toBe(65535);
    expect(d.data.equals(data)).toBe(true);
    expect(parsePacket(encodeData(0, Buffer.alloc(0)))).toMatchObject({ op: 'DATA', block: 0 });
    expect(parsePacket(encodeAck(65536 + 7))).toEqual({ op: 'ACK', block: 7 });
    expect(parsePacket(encodeError(1, 'File not found'))).toEqual({ op: 'ERROR', code: 1, message: 'File not found' });
    expect(parsePacket(encodeOack({ blksize: 1428, tsize: 33554432 }))).toEqual({ op: 'OACK', options: { blksize: '1428', tsize: '33554432' } });
    const h = writeDataHeader(Buffer.alloc(6), 0x1234);
    expect([...h.subarray(0, 4)]).toEqual([0, OP.DATA, 0x12, 0x34]);
  });

  it('names what is wrong with a malformed packet', () => {
    const bad = (b: Buffer | string) => {
      try {
        parsePacket(typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
      } catch (e) {
        expect(e).toBeInstanceOf(TftpPacketError);
        return (e as Error).message;
      }
      throw new Error('parsed');
    };
    expect(bad(Buffer.alloc(0))).toMatch(/shorter than an opcode/);
    expect(bad('\x00\x09abc')).toMatch(/unknown opcode 9/);
    expect(bad('\x00\x01file\x00octet')).toMatch(/not terminated/);
    expect(bad('\x00\x01file\x00')).toMatch(/without file name and mode/);
    expect(bad('\x00\x01\x00octet\x00')).toMatch(/empty file name/);
    expect(bad('\x00\x01f\x00octet\x00blksize\x00')).toMatch(/has no value/);
    expect(bad('\x00\x01f\x00octet\x00\x00512\x00')).toMatch(/empty name/);
    expect(bad(Buffer.from([0, 1, 0xff, 0xfe, 0, 0x6f, 0]))).toMatch(/not valid text/);
    expect(bad('\x00\x03\x00')).toMatch(/DATA packet without block/);
    expect(bad('\x00\x04\x00')).toMatch(/ACK packet without block/);
    expect(bad('\x00\x05\x00')).toMatch(/ERROR packet without error code/);
    expect(bad(Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(5000, 0x61), Buffer.from([0])]))).toMatch(/longer than/);
    const many = encodeRequest('RRQ', 'f', 'octet', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`o${i}`, i])));
    expect(bad(many)).toMatch(/more than 32 options/);
  });
});
