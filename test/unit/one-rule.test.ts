/**
 * Rules written once and used everywhere: the MAC schema of the contract (shared/mac-schema.ts) and
 * the MAC of a DHCP client hardware address (dhcp/codec/header.ts chaddrMac).
 */
import { describe, expect, it } from 'vitest';
import { chaddrMac } from '../../electron/engine/dhcp/codec/header';
import { macInputSchema, macSchema } from '../../shared/mac-schema';
import { requestSchemas } from '../../shared/api';

describe('MAC schema of the contract', () => {
  it('takes 12 lowercase hex digits only, with one message', () => {
    expect(macSchema.parse('0004f2abcdef')).toBe('0004f2abcdef');
    for (const bad of ['0004F2ABCDEF', '00:04:f2:ab:cd:ef', '0004f2abcde', '0004f2abcdeg', '']) {
      const r = macSchema.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('a MAC as 12 lowercase hex digits');
    }
  });

  it('the input schema takes typed notations (normalised by the handler), trimmed', () => {
    expect(macInputSchema.parse(' 00:04:F2:AB:CD:EF ')).toBe('00:04:F2:AB:CD:EF');
    expect(macInputSchema.safeParse('0004f2').success).toBe(false);
  });

  it('is the one the contract uses (a request with a MAC refuses a typed one)', () => {
    const withMac = Object.entries(requestSchemas).find(([, s]) => 'shape' in s && 'mac' in (s as { shape: object }).shape);
    expect(withMac, 'some request takes a mac').toBeDefined();
    const [, schema] = withMac!;
    const shape = (schema as unknown as { shape: { mac: typeof macSchema } }).shape;
    expect(shape.mac.safeParse('00:04:f2:ab:cd:ef').success).toBe(false);
    expect(shape.mac.safeParse('0004f2abcdef').success).toBe(true);
  });
});

describe('chaddrMac (RFC 2131 §2 chaddr with htype/hlen)', () => {
  it('is the MAC of an Ethernet hardware address', () => {
    expect(chaddrMac({ htype: 1, hlen: 6, chaddr: '00:04:f2:aa:bb:cc' })).toBe('0004f2aabbcc');
  });
  it('is undefined for other hardware types or lengths, and for partial headers', () => {
    expect(chaddrMac({ htype: 6, hlen: 6, chaddr: '00:04:f2:aa:bb:cc' })).toBeUndefined();
    expect(chaddrMac({ htype: 1, hlen: 16, chaddr: '00:04:f2:aa:bb:cc:00:00:00:00:00:00:00:00:00:00' })).toBeUndefined();
    expect(chaddrMac({ htype: 1, hlen: 6 })).toBeUndefined();
    expect(chaddrMac({})).toBeUndefined();
  });
});
