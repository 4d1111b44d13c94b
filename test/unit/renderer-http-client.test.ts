import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../renderer/src/api/errors';
import { apiUrls, createHttpClient, reconnectDelay, type WebSocketLike } from '../../renderer/src/api/http-client';

type FetchArgs = [string, RequestInit];

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: FetchArgs[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push([String(input), init ?? {}]);
    return respond(String(input), init ?? {});
  }) as typeof fetch;
  return { fn, calls };
}

class FakeSocket implements WebSocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  open() {
    this.onopen?.({});
  }
  drop() {
    this.onerror?.({});
    this.onclose?.({});
  }
  send(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  close() {
    this.closed = true;
  }
}

function socketHarness() {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  return {
    sockets,
    timers,
    opts: {
      openSocket: (url: string) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      setTimeout: (fn: () => void, ms: number) => {
        timers.push({ fn, ms });
        return timers.length;
      },
      clearTimeout: () => {},
    },
    runTimer() {
      const t = timers.shift();
      if (!t) throw new Error('no timer pending');
      t.fn();
      return t.ms;
    },
  };
}

const PAGE = 'http://127.0.0.1:5173/index.html#/phones';

describe('HTTP client requests', () => {
  it('POSTs JSON args to /api/<name> and returns the JSON result', async () => {
    const f = fakeFetch(() => new Response(JSON.stringify([{ kind: 'http' }]), { status: 200 }));
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn });
    const result = await client.invoke('getTimeline', { mac: '0004f2aabbcc', limit: 10 });
    expect(result).toEqual([{ kind: 'http' }]);
    const [url, init] = f.calls[0]!;
    expect(url).toBe('http://127.0.0.1:5173/api/getTimeline');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({ mac: '0004f2aabbcc', limit: 10 });
  });

  it('maps an error body to an ApiError with code, message and fix', async () => {
    const body = { error: { code: 'EACCES', message: 'Port 80 needs admin rights', fix: 'Use port 8080' } };
    const f = fakeFetch(() => new Response(JSON.stringify(body), { status: 500 }));
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn });
    const err = await client.invoke('startServer', { kind: 'http' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'EACCES', message: 'Port 80 needs admin rights', fix: 'Use port 8080' });
  });

  it('keeps validation issues from a 400 answer', async () => {
    const body = { error: { code: 'INVALID_ARGS', message: 'Invalid arguments', issues: ['mac: a MAC as 12 lowercase hex digits'] } };
    const f = fakeFetch(() => new Response(JSON.stringify(body), { status: 400 }));
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn });
    await expect(client.invoke('getTimeline', { mac: 'x' })).rejects.toMatchObject({
      code: 'INVALID_ARGS',
      issues: ['mac: a MAC as 12 lowercase hex digits'],
    });
  });

  it('names the HTTP status when an error answer is not the contract shape', async () => {
    const f = fakeFetch(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn });
    await expect(client.invoke('listPhones', {})).rejects.toMatchObject({ code: 'HTTP_502', message: expect.stringContaining('502') });
  });

  it('reports an unreachable engine with a fix', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn });
    const err = (await client.invoke('getInfo', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.fix).toBeTruthy();
  });

  it('rejects a 2xx answer that is not JSON', async () => {
    const f = fakeFetch(() => new Response('<html>', { status: 200 }));
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn });
    await expect(client.invoke('listPhones', {})).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('HTTP client events', () => {
  it('derives ws: and wss: URLs from the page', () => {
    expect(apiUrls('http://10.0.0.5:8090/').events).toBe('ws://10.0.0.5:8090/api/events');
    expect(apiUrls('https://host.example/app/index.html').events).toBe('wss://host.example/api/events');
    expect(apiUrls('https://host.example/app/index.html').base).toBe('https://host.example/api/');
  });

  it('opens one socket and dispatches events by name', () => {
    const h = socketHarness();
    const client = createHttpClient({ pageUrl: PAGE, fetch: fakeFetch(() => new Response('{}')).fn, ...h.opts });
    const phones: unknown[] = [];
    const servers: unknown[] = [];
    client.on('phone', (p) => phones.push(p));
    client.on('server', (s) => servers.push(s));
    expect(h.sockets).toHaveLength(1);
    expect(h.sockets[0]!.url).toBe('ws://127.0.0.1:5173/api/events');
    h.sockets[0]!.open();
    expect(client.connection.get()).toBe('open');
    h.sockets[0]!.send({ event: 'phone', payload: { mac: '0004f2aabbcc' } });
    h.sockets[0]!.send('not json');
    h.sockets[0]!.send({ event: 'unknown', payload: 1 });
    expect(phones).toEqual([{ mac: '0004f2aabbcc' }]);
    expect(servers).toEqual([]);
  });

  it('a throwing listener does not stop the others', () => {
    const h = socketHarness();
    const client = createHttpClient({ pageUrl: PAGE, fetch: fakeFetch(() => new Response('{}')).fn, ...h.opts });
    const got: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    client.on('request', () => {
      throw new Error('bad listener');
    });
    client.on('request', (r) => got.push(r));
    h.sockets[0]!.open();
    h.sockets[0]!.send({ event: 'request', payload: { id: 1 } });
    expect(got).toEqual([{ id: 1 }]);
    spy.mockRestore();
  });

  it('reconnects with growing back-off, reports down, and resets after open', () => {
    const h = socketHarness();
    const client = createHttpClient({ pageUrl: PAGE, fetch: fakeFetch(() => new Response('{}')).fn, ...h.opts });
    const states: string[] = [];
    client.connection.subscribe((s) => states.push(s));
    client.on('phone', () => {});
    h.sockets[0]!.open();
    h.sockets[0]!.drop();
    expect(client.connection.get()).toBe('down');
    expect(h.runTimer()).toBe(500);
    h.sockets[1]!.drop();
    expect(h.runTimer()).toBe(1000);
    h.sockets[2]!.drop();
    expect(h.runTimer()).toBe(2000);
    h.sockets[3]!.open();
    expect(states).toEqual(['open', 'down', 'open']);
    h.sockets[3]!.drop();
    expect(h.runTimer()).toBe(500);
    expect(h.sockets).toHaveLength(5);
  });

  it('close() stops reconnecting', () => {
    const h = socketHarness();
    const client = createHttpClient({ pageUrl: PAGE, fetch: fakeFetch(() => new Response('{}')).fn, ...h.opts });
    client.on('phone', () => {});
    h.sockets[0]!.open();
    client.close();
    expect(h.sockets[0]!.closed).toBe(true);
    h.sockets[0]!.drop();
    expect(h.timers).toHaveLength(0);
  });

  it('reconnectDelay doubles up to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('HTTP client access token', () => {
  it('sends the token as a Bearer header and in the events socket URL', async () => {
    const f = fakeFetch(() => new Response('null', { status: 200 }));
    const h = socketHarness();
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn, token: 'abc123', ...h.opts });
    await client.invoke('listPhones', {});
    expect((f.calls[0]![1].headers as Record<string, string>).Authorization).toBe('Bearer abc123');
    client.on('phone', () => {});
    expect(h.sockets[0]!.url).toBe('ws://127.0.0.1:5173/api/events?token=abc123');
    client.close();
  });

  it('sends no Authorization header without a token', async () => {
    const f = fakeFetch(() => new Response('null', { status: 200 }));
    const client = createHttpClient({ pageUrl: PAGE, fetch: f.fn, token: undefined });
    await client.invoke('listPhones', {});
    expect((f.calls[0]![1].headers as Record<string, string>).Authorization).toBeUndefined();
  });
});
