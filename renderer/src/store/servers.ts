/**
 * The provisioning servers (HTTP, FTP, TFTP): status from `listServers` and live `server` events,
 * start/stop/configure actions, interfaces to bind to, and the last failed action per server.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, RequestArgs } from '../../../shared/api';
import type { AllowPortResult, PortAccess } from '../../../shared/api-desktop';
import type { InterfaceAddress, ServerKind, ServerStatus } from '../../../shared/dto';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** An action in progress on a server, for button labels. */
export type ServerAction = 'starting' | 'stopping' | 'saving';

/** State and actions of the servers store. */
export interface ServersState {
  byKind: Partial<Record<ServerKind, ServerStatus>>;
  interfaces: InterfaceAddress[];
  /** Action in progress per server. */
  busy: Partial<Record<ServerKind, ServerAction>>;
  /** Last failed action per server; kept until the next action on that server succeeds. */
  actionErrors: Partial<Record<ServerKind, ErrorInfo>>;
  loaded: boolean;
  error?: ErrorInfo;
  load(): Promise<void>;
  loadInterfaces(): Promise<void>;
  start(kind: ServerKind): Promise<void>;
  stop(kind: ServerKind): Promise<void>;
  configure(args: RequestArgs<'configureServer'>): Promise<void>;
  /** Switch a server to another port (the one its error suggests) and start it. */
  usePort(kind: ServerKind, port: number): Promise<void>;
  /** Outcome of the last "Allow ports below 1024" per server (desktop on Linux, pkexec). */
  portFix: Partial<Record<ServerKind, AllowPortResult>>;
  /** Ask the OS (admin password) to allow `port` until reboot, then start the server (issue #9). */
  allowPort(kind: ServerKind, port: number): Promise<void>;
  /** First-run step: what this computer allows on the chosen address, per port (`checkPorts`). */
  access: { bind: string; ports: PortAccess[] } | undefined;
  /** First-run step: serving in progress, or the last failure of it. */
  serving: boolean;
  serveError?: ErrorInfo;
  /** First-run step: outcome of the last "Allow ports from N" (desktop on Linux). */
  allowResult?: AllowPortResult;
  /** Ask whether these ports can be bound on `bind` (admin rights), for the first-run step. */
  checkPorts(bind: string, ports: number[]): Promise<void>;
  /**
   * Serve on one address: set every server to it with the given port, start those not running
   * (running ones restart with the new settings). Each server's outcome is in its status.
   */
  serveOn(bind: string, ports: Record<ServerKind, number>): Promise<void>;
  /** Allow every port from `port` up until reboot (pkexec), then check the ports again. */
  allowFrom(port: number, bind: string, ports: number[]): Promise<void>;
  /** Put one status (event or action result) into the store. */
  update(status: ServerStatus): void;
  /** Subscribe to `server` events; returns the unsubscribe function. */
  attach(): () => void;
}

/** Display order of the server cards. */
export const SERVER_ORDER: readonly ServerKind[] = ['http', 'ftp', 'tftp'];

/**
 * Create the servers store.
 * @param client the ApiClient (a fake one in tests)
 * @returns a vanilla zustand store
 */
export function createServersStore(client: ApiClient): StoreApi<ServersState> {
  return createStore<ServersState>((set, get) => {
    async function act(kind: ServerKind, action: ServerAction, run: () => Promise<ServerStatus>): Promise<boolean> {
      set({ busy: { ...get().busy, [kind]: action } });
      try {
        const status = await run();
        get().update(status);
        const { [kind]: _cleared, ...rest } = get().actionErrors;
        set({ actionErrors: rest });
        return true;
      } catch (err) {
        set({ actionErrors: { ...get().actionErrors, [kind]: toErrorInfo(err) } });
        return false;
      } finally {
        const { [kind]: _done, ...rest } = get().busy;
        set({ busy: rest });
      }
    }
    return {
      byKind: {},
      interfaces: [],
      busy: {},
      actionErrors: {},
      loaded: false,
      async load() {
        try {
          const list = await client.invoke('listServers', {});
          const byKind: Partial<Record<ServerKind, ServerStatus>> = {};
          for (const s of list) byKind[s.kind] = s;
          set({ byKind, loaded: true, error: undefined });
        } catch (err) {
          set({ error: toErrorInfo(err) });
        }
      },
      async loadInterfaces() {
        try {
          set({ interfaces: await client.invoke('listInterfaces', {}) });
        } catch (err) {
          set({ error: toErrorInfo(err) });
        }
      },
      async start(kind) {
        await act(kind, 'starting', () => client.invoke('startServer', { kind }));
      },
      async stop(kind) {
        await act(kind, 'stopping', () => client.invoke('stopServer', { kind }));
      },
      async configure(args) {
        await act(args.kind, 'saving', () => client.invoke('configureServer', args));
      },
      async usePort(kind, port) {
        const ok = await act(kind, 'saving', () => client.invoke('configureServer', { kind, port }));
        const state = get().byKind[kind]?.state;
        if (ok && state !== 'listening' && state !== 'starting') await get().start(kind);
      },
      portFix: {},
      async allowPort(kind, port) {
        let r: AllowPortResult;
        try {
          r = await client.invoke('allowPrivilegedPort', { port });
        } catch (err) {
          r = { ok: false, message: err instanceof Error ? err.message : String(err) };
        }
        set({ portFix: { ...get().portFix, [kind]: r } });
        if (r.ok) await get().start(kind);
      },
      access: undefined,
      serving: false,
      async checkPorts(bind, ports) {
        try {
          const list = await Promise.all(ports.map((port) => client.invoke('getPortAccess', { port, bind })));
          set({ access: { bind, ports: list } });
        } catch {
          set({ access: undefined }); // older engine or no answer: the bind result will tell
        }
      },
      async serveOn(bind, ports) {
        set({ serving: true, serveError: undefined });
        try {
          for (const kind of SERVER_ORDER) {
            const st = await client.invoke('configureServer', { kind, bind, port: ports[kind] });
            get().update(st);
            if (st.state !== 'listening' && st.state !== 'starting') get().update(await client.invoke('startServer', { kind }));
          }
        } catch (err) {
          set({ serveError: toErrorInfo(err) });
        } finally {
          set({ serving: false });
        }
      },
      async allowFrom(port, bind, ports) {
        let r: AllowPortResult;
        try {
          r = await client.invoke('allowPrivilegedPort', { port });
        } catch (err) {
          r = { ok: false, message: err instanceof Error ? err.message : String(err) };
        }
        set({ allowResult: r });
        await get().checkPorts(bind, ports);
      },
      update(status) {
        set({ byKind: { ...get().byKind, [status.kind]: status } });
      },
      attach() {
        return client.on('server', (s) => get().update(s));
      },
    };
  });
}
