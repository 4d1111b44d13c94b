/**
 * The "Allow ports" fix on the Servers page (desktop on Linux): the servers store calls
 * `allowPrivilegedPort`, keeps the outcome per server and starts the server once allowed; the
 * button renders only under a refused privileged port and shows the outcome.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../shared/api';
import type { ServerStatus } from '../../shared/dto';
import { ServerCard } from '../../renderer/src/pages/ServerCard';
import { createServersStore } from '../../renderer/src/store/servers';

const refused: ServerStatus = {
  kind: 'http', state: 'error', bind: '0.0.0.0', port: 80, activeTransfers: 0, options: {},
  error: { code: 'EACCES', message: 'Port 80 needs admin rights (HTTP on 0.0.0.0).', fix: 'run `sudo sysctl net.ipv4.ip_unprivileged_port_start=80`', alternativePort: 8080 },
};

function client(allow: { ok: boolean; message: string; command?: string }) {
  const invoke = vi.fn(async (name: string) => (name === 'allowPrivilegedPort' ? allow : { ...refused, state: 'listening', boundPort: 80, error: undefined }));
  return { invoke, on: vi.fn(() => () => {}) } as unknown as ApiClient & { invoke: typeof invoke };
}

describe('allow privileged ports', () => {
  it('store: runs the fix, keeps the outcome, starts the server only when allowed', async () => {
    const ok = client({ ok: true, message: 'Ports from 80 up are allowed until the next reboot.' });
    const store = createServersStore(ok);
    await store.getState().allowPort('http', 80);
    expect(ok.invoke.mock.calls.map((c) => c[0])).toEqual(['allowPrivilegedPort', 'startServer']);
    expect(ok.invoke).toHaveBeenCalledWith('allowPrivilegedPort', { port: 80 });
    expect(store.getState().portFix.http?.ok).toBe(true);
    const no = client({ ok: false, message: 'The admin password dialog was cancelled or refused.', command: 'sudo sysctl net.ipv4.ip_unprivileged_port_start=80' });
    const s2 = createServersStore(no);
    await s2.getState().allowPort('http', 80);
    expect(no.invoke.mock.calls.map((c) => c[0])).toEqual(['allowPrivilegedPort']);
  });

  it('card: the button only under a refused low port with the action, and the outcome with its command', () => {
    const actions = { start: () => {}, stop: () => {}, configure: () => {}, usePort: () => {}, allowPort: () => {} };
    const html = renderToStaticMarkup(
      <ServerCard server={refused} interfaces={[]} actions={actions} portFix={{ ok: false, message: 'Cancelled.', command: 'sudo sysctl net.ipv4.ip_unprivileged_port_start=80' }} />,
    );
    expect(html).toContain('Allow ports from 80 until reboot');
    expect(html).toContain('<code>sudo sysctl net.ipv4.ip_unprivileged_port_start=80</code>');
    const { allowPort: _omit, ...headless } = actions;
    expect(renderToStaticMarkup(<ServerCard server={refused} interfaces={[]} actions={headless} />)).not.toContain('Allow ports from');
    const inUse = { ...refused, error: { code: 'EADDRINUSE', message: 'in use' } };
    expect(renderToStaticMarkup(<ServerCard server={inUse} interfaces={[]} actions={actions} />)).not.toContain('Allow ports from');
  });
});
