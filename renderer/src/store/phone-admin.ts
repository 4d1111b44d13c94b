/**
 * Phone administration data: the sites' admin passwords (as labels only: the engine
 * never sends them in clear) and the syslog receiver (status, lines). Loads on first use; kept
 * live by the `syslog` and `syslogStatus` events.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, RequestArgs } from '../../../shared/api';
import type { CredentialSite, SyslogLine, SyslogStatus } from '../../../shared/api-phones';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** Syslog lines kept in the UI. */
const MAX_LINES = 1000;

/** State and actions of the phone-admin store. */
export interface PhoneAdminState {
  sites: CredentialSite[];
  sitesLoaded: boolean;
  credError?: ErrorInfo;
  syslog?: SyslogStatus;
  syslogError?: ErrorInfo;
  lines: SyslogLine[];
  loadCredentials(): Promise<void>;
  addPassword(site: string, password: string): Promise<boolean>;
  removePassword(site: string, id: string): Promise<void>;
  loadSyslog(): Promise<void>;
  configureSyslog(args: RequestArgs<'configureSyslog'>): Promise<void>;
  /** Reload what was loaded before (after a reconnect). */
  reload(): Promise<void>;
  attach(): () => void;
}

/**
 * Create the phone-admin store.
 * @param client the ApiClient (a fake one in tests)
 */
export function createPhoneAdminStore(client: ApiClient): StoreApi<PhoneAdminState> {
  return createStore<PhoneAdminState>((set, get) => {
    const replaceSite = (site: CredentialSite) => {
      const others = get().sites.filter((s) => s.site !== site.site);
      set({ sites: [...others, site].sort((a, b) => a.site.localeCompare(b.site)), credError: undefined });
    };
    return {
      sites: [],
      sitesLoaded: false,
      lines: [],
      async loadCredentials() {
        try {
          set({ sites: await client.invoke('listPhoneCredentials', {}), sitesLoaded: true, credError: undefined });
        } catch (err) {
          set({ credError: toErrorInfo(err) });
        }
      },
      async addPassword(site, password) {
        try {
          replaceSite(await client.invoke('addPhoneCredential', { site, password }));
          return true;
        } catch (err) {
          set({ credError: toErrorInfo(err) });
          return false;
        }
      },
      async removePassword(site, id) {
        try {
          replaceSite(await client.invoke('removePhoneCredential', { site, id }));
        } catch (err) {
          set({ credError: toErrorInfo(err) });
        }
      },
      async loadSyslog() {
        try {
          const [status, lines] = await Promise.all([client.invoke('getSyslogStatus', {}), client.invoke('listSyslog', { limit: MAX_LINES })]);
          set({ syslog: status, lines, syslogError: undefined });
        } catch (err) {
          set({ syslogError: toErrorInfo(err) });
        }
      },
      async configureSyslog(args) {
        try {
          set({ syslog: await client.invoke('configureSyslog', args), syslogError: undefined });
        } catch (err) {
          set({ syslogError: toErrorInfo(err) });
        }
      },
      async reload() {
        if (get().sitesLoaded) await get().loadCredentials();
        if (get().syslog) await get().loadSyslog();
      },
      attach() {
        const offs = [
          client.on('syslog', (l) => {
            const lines = [...get().lines, l];
            set({ lines: lines.length > MAX_LINES ? lines.slice(-MAX_LINES) : lines });
          }),
          client.on('syslogStatus', (s) => set({ syslog: s })),
        ];
        return () => offs.forEach((o) => o());
      },
    };
  });
}
