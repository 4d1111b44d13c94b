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

describe('one error mapping for both transports, with an HTTP status per code', () => {
  it('maps thrown values the same way for IPC, the engine host, phone operations and HTTP', async () => {
    const { toErrorBody } = await import('../../electron/engine/api/error-body');
    const { toPhoneErrorInfo } = await import('../../electron/engine/phones/phone-errors');
    const { errorInfo } = await import('../../electron/engine/error-info');
    for (const thrown of [Object.assign(new Error('gone'), { code: 'NOT_FOUND', fix: 'Pick another.' }), new Error('boom'), 'text', { code: 42 }]) {
      const info = errorInfo(thrown);
      expect(toErrorBody(thrown)).toEqual({ error: info });
      expect(toPhoneErrorInfo(thrown)).toEqual(info);
    }
    expect(errorInfo(new Error('boom')).code).toBe('INTERNAL');
  });

  it('gives each code its HTTP status (not 500 for refusals and misses)', async () => {
    const { httpStatusOf } = await import('../../electron/engine/error-info');
    expect(httpStatusOf('INVALID_ARGS')).toBe(400);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('TRAVERSAL')).toBe(403);
    expect(httpStatusOf('PROVIDER_IN_USE')).toBe(409);
    expect(httpStatusOf('WRONG_PASSWORD')).toBe(502);
    expect(httpStatusOf('TIMEOUT')).toBe(504);
    expect(httpStatusOf('INTERNAL')).toBe(500);
    expect(httpStatusOf('toString')).toBe(500); // not an inherited property
  });

  it('the headless API answers with that status and the same body as IPC', async () => {
    const { UiServer } = await import('../../electron/engine/api/http-transport');
    const { createLogger, silentSink } = await import('../../electron/engine/logger');
    const handlers = {
      getInfo: async () => {
        throw Object.assign(new Error('No such phone.'), { code: 'NOT_FOUND', fix: 'Check the MAC.' });
      },
      listServers: async () => {
        throw new Error('boom');
      },
    };
    const ui = new UiServer({ handlers: handlers as never, onEvent: () => () => {} }, createLogger('t', silentSink));
    const port = await ui.start({ bind: '127.0.0.1', port: 0, webRoot: '/nonexistent' });
    try {
      const call = (name: string) => fetch(`http://127.0.0.1:${port}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const miss = await call('getInfo');
      expect(miss.status).toBe(404);
      expect(await miss.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such phone.', fix: 'Check the MAC.' } });
      const fault = await call('listServers');
      expect(fault.status).toBe(500);
      expect(await fault.json()).toEqual({ error: { code: 'INTERNAL', message: 'boom' } });
      const bad = await call('startServer');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_ARGS');
    } finally {
      await ui.stop();
    }
  });
});

describe('one phone-list reader (shared/phone-list.ts) for the inventory import and the wizard', () => {
  it('finds the MAC, name and model columns of each layout', async () => {
    const { phoneListColumns } = await import('../../shared/phone-list');
    expect(phoneListColumns(['Name', 'Template', 'Proxy Group', 'Extension', 'Identification Address', 'Label', 'Address'])).toEqual({ format: 'cic-template', mac: 6, label: 0 });
    expect(phoneListColumns(['Name', 'Type', 'Manufacturer', 'Model', 'Proxy Group', 'Extension', 'Identification Address', 'Label', 'Address'])).toEqual({ format: 'cic-tmm', mac: 8, label: 0, model: 3 });
    expect(phoneListColumns(['mac', 'vendor', 'model', 'label'])).toEqual({ format: 'provkit', mac: 0, label: 3, model: 2 });
    expect(phoneListColumns(['mac', 'model', 'extension', 'name'])).toEqual({ format: 'simple', mac: 0, label: 3, model: 1 });
    expect(phoneListColumns(['Location', 'MAC Address', 'Phone model'])).toEqual({ mac: 1, label: 0, model: 2 });
    expect(phoneListColumns(['0004f2aabbcc', 'Reception'])).toBeUndefined();
  });
});
