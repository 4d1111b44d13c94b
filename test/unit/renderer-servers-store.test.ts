import { describe, expect, it } from 'vitest';
import { ApiError } from '../../renderer/src/api/errors';
import { createServersStore } from '../../renderer/src/store/servers';
import { FakeClient, server } from './renderer-fake-client';

describe('servers store', () => {
  it('loads servers by kind and follows server events', async () => {
    const client = new FakeClient().handle('listServers', () => [server('http'), server('ftp')]);
    const store = createServersStore(client);
    store.getState().attach();
    await store.getState().load();
    expect(store.getState().byKind.http?.state).toBe('stopped');
    client.emit('server', server('http', { state: 'listening', boundPort: 8080, url: 'http://10.0.0.5:8080/' }));
    expect(store.getState().byKind.http).toMatchObject({ state: 'listening', url: 'http://10.0.0.5:8080/' });
    expect(store.getState().byKind.ftp?.state).toBe('stopped');
  });

  it('keeps a server error reported in the status', async () => {
    const error = { code: 'EACCES', message: 'Port 80 needs admin rights', fix: 'Run as admin', alternativePort: 8080 };
    const client = new FakeClient().handle('startServer', ({ kind }) => server(kind, { state: 'error', port: 80, error }));
    const store = createServersStore(client);
    await store.getState().start('http');
    expect(store.getState().byKind.http?.error).toEqual(error);
    expect(store.getState().busy.http).toBeUndefined();
  });

  it('keeps a failed action per server until an action on it succeeds', async () => {
    let fail = true;
    const client = new FakeClient().handle('startServer', ({ kind }) => {
      if (fail) throw new ApiError({ code: 'EADDRINUSE', message: 'Port 2121 is in use', fix: 'Stop the other FTP server' });
      return server(kind, { state: 'listening' });
    });
    const store = createServersStore(client);
    store.getState().attach();
    await store.getState().start('ftp');
    expect(store.getState().actionErrors.ftp).toEqual({ code: 'EADDRINUSE', message: 'Port 2121 is in use', fix: 'Stop the other FTP server' });
    client.emit('server', server('http', { state: 'listening' }));
    client.emit('server', server('ftp', { state: 'stopped' }));
    expect(store.getState().actionErrors.ftp?.code).toBe('EADDRINUSE');
    fail = false;
    await store.getState().start('ftp');
    expect(store.getState().actionErrors.ftp).toBeUndefined();
    expect(store.getState().byKind.ftp?.state).toBe('listening');
  });

  it('marks the server busy while an action runs', async () => {
    let release!: () => void;
    const client = new FakeClient().handle('stopServer', ({ kind }) => new Promise((r) => (release = () => r(server(kind)))));
    const store = createServersStore(client);
    const p = store.getState().stop('http');
    expect(store.getState().busy.http).toBe('stopping');
    release();
    await p;
    expect(store.getState().busy.http).toBeUndefined();
  });

  it('usePort configures the suggested port, then starts the server', async () => {
    const client = new FakeClient()
      .handle('configureServer', (a) => server(a.kind, { state: 'error', port: a.port ?? 80 }))
      .handle('startServer', ({ kind }) => server(kind, { state: 'listening', port: 8080, boundPort: 8080 }));
    const store = createServersStore(client);
    await store.getState().usePort('http', 8080);
    expect(client.calls).toEqual([
      { name: 'configureServer', args: { kind: 'http', port: 8080 } },
      { name: 'startServer', args: { kind: 'http' } },
    ]);
    expect(store.getState().byKind.http?.boundPort).toBe(8080);
  });

  it('usePort does not start again when configuring already restarted it', async () => {
    const client = new FakeClient().handle('configureServer', (a) => server(a.kind, { state: 'listening', port: a.port ?? 0 }));
    const store = createServersStore(client);
    await store.getState().usePort('ftp', 2121);
    expect(client.names()).toEqual(['configureServer']);
  });
});
