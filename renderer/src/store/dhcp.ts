/**
 * The DHCP page's data: status (sniffer view, bench server safety state, settings),
 * the live packet list from `dhcp` events, the last probe, the builder result, and the actions.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, RequestArgs } from '../../../shared/api';
import type { DhcpStatus } from '../../../shared/api-dhcp';
import type { DhcpBuildResult, DhcpPacketEvent, ProbeResult } from '../../../shared/dhcp-dto';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** Packets kept in the page (newest last). */
export const MAX_PACKETS = 1000;

/** Actions that can be in progress. */
export type DhcpBusy = 'sniffer' | 'probe' | 'bench' | 'build' | 'settings';

/** State and actions of the DHCP store. */
export interface DhcpState {
  status?: DhcpStatus;
  packets: DhcpPacketEvent[];
  probe?: ProbeResult;
  build?: DhcpBuildResult;
  busy: Partial<Record<DhcpBusy, boolean>>;
  /** Last failure per action. */
  errors: Partial<Record<DhcpBusy | 'load', ErrorInfo>>;
  load(): Promise<void>;
  startSniffer(iface?: string, backend?: 'auto' | 'capture' | 'socket'): Promise<void>;
  stopSniffer(): Promise<void>;
  configure(args: RequestArgs<'dhcpConfigure'>): Promise<void>;
  runProbe(args: RequestArgs<'dhcpProbe'>): Promise<void>;
  startBench(force?: boolean): Promise<void>;
  stopBench(): Promise<void>;
  runBuild(args: RequestArgs<'dhcpBuild'>): Promise<void>;
  /** Add a packet from an event (replaces the row with the same id: another view of it). */
  addPacket(p: DhcpPacketEvent): void;
  attach(): () => void;
}

/**
 * Create the DHCP store.
 * @param client the ApiClient (a fake one in tests)
 */
export function createDhcpStore(client: ApiClient): StoreApi<DhcpState> {
  return createStore<DhcpState>((set, get) => {
    async function act(key: DhcpBusy, run: () => Promise<void>): Promise<void> {
      set({ busy: { ...get().busy, [key]: true } });
      try {
        await run();
        const { [key]: _ok, ...rest } = get().errors;
        set({ errors: rest });
      } catch (err) {
        set({ errors: { ...get().errors, [key]: toErrorInfo(err) } });
      } finally {
        set({ busy: { ...get().busy, [key]: false } });
      }
    }
    const refresh = async () => set({ status: await client.invoke('dhcpStatus', {}) });
    return {
      packets: [],
      busy: {},
      errors: {},
      async load() {
        try {
          const [status, packets] = await Promise.all([client.invoke('dhcpStatus', {}), client.invoke('dhcpListPackets', { limit: MAX_PACKETS })]);
          const { load: _ok, ...rest } = get().errors;
          set({ status, packets, errors: rest });
        } catch (err) {
          set({ errors: { ...get().errors, load: toErrorInfo(err) } });
        }
      },
      startSniffer: (iface, backend) =>
        act('sniffer', async () => {
          const s = await client.invoke('dhcpStartSniffer', { ...(iface ? { iface } : {}), ...(backend ? { backend } : {}) });
          await refresh();
          if (s.state === 'error') throw Object.assign(new Error(s.error ?? 'the sniffer did not start'), { code: 'SNIFFER', ...(s.fix ? { fix: s.fix } : {}) });
        }),
      stopSniffer: () => act('sniffer', async () => void (await client.invoke('dhcpStopSniffer', {}), await refresh())),
      configure: (args) => act('settings', async () => set({ status: await client.invoke('dhcpConfigure', args) })),
      runProbe: (args) => act('probe', async () => set({ probe: await client.invoke('dhcpProbe', args) })),
      startBench: (force) => act('bench', async () => void (await client.invoke('dhcpStartBench', { force: Boolean(force) }), await refresh())),
      stopBench: () => act('bench', async () => void (await client.invoke('dhcpStopBench', {}), await refresh())),
      runBuild: (args) => act('build', async () => set({ build: await client.invoke('dhcpBuild', args) })),
      addPacket(p) {
        // A second view of the same packet comes back with the same id and a longer `seenBy`.
        const at = get().packets.findIndex((x) => x.id === p.id);
        if (at >= 0) return set({ packets: get().packets.map((x, i) => (i === at ? p : x)) });
        const list = [...get().packets, p];
        set({ packets: list.length > MAX_PACKETS ? list.slice(-MAX_PACKETS) : list });
      },
      attach() {
        const a = client.on('dhcp', (p) => get().addPacket(p));
        const b = client.on('dhcpStatus', (status) => set({ status }));
        return () => {
          a();
          b();
        };
      },
    };
  });
}

/**
 * Packets matching a filter: MAC in any notation (or part of one), vendor, model or vendor class text.
 * @param q what the technician typed; empty = all
 */
export function filterPackets(packets: readonly DhcpPacketEvent[], q: string): DhcpPacketEvent[] {
  const t = q.trim().toLowerCase();
  if (!t) return [...packets];
  const hex = t.replace(/[^0-9a-f]/g, '');
  return packets.filter(
    (p) =>
      (hex.length >= 4 && /^[0-9a-f:.\-\s]+$/.test(t) && p.mac.includes(hex)) ||
      [p.ouiVendor, p.phone?.vendor, p.phone?.model, p.vendorClass].some((v) => v?.toLowerCase().includes(t)),
  );
}
