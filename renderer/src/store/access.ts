/**
 * Provisioning access (shared/api-security.ts): the accounts phones use for files carrying
 * passwords and uploads, and the TFTP choice. Loaded when the Servers page shows it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/api';
import type { ProvisioningAccessView } from '../../../shared/api-security';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** State and actions of the access store. */
export interface AccessState {
  view?: ProvisioningAccessView;
  busy: boolean;
  error?: ErrorInfo;
  /** What the last action did, read back from the engine ("Account of site default saved."). */
  done?: string;
  load(): Promise<void>;
  setAccount(site: string, user: string, password: string): Promise<boolean>;
  removeAccount(site: string): Promise<void>;
  setTftpSecrets(allow: boolean): Promise<void>;
}

/**
 * Create the access store.
 * @param client the ApiClient
 */
export function createAccessStore(client: ApiClient): StoreApi<AccessState> {
  return createStore<AccessState>((set) => {
    async function act(run: () => Promise<ProvisioningAccessView>, done: (v: ProvisioningAccessView) => string): Promise<boolean> {
      set({ busy: true, error: undefined, done: undefined });
      try {
        const view = await run();
        set({ view, done: done(view) });
        return true;
      } catch (err) {
        set({ error: toErrorInfo(err) });
        return false;
      } finally {
        set({ busy: false });
      }
    }
    return {
      busy: false,
      async load() {
        try {
          set({ view: await client.invoke('getProvisioningAccess', {}), error: undefined });
        } catch (err) {
          set({ error: toErrorInfo(err) });
        }
      },
      setAccount: (site, user, password) =>
        act(
          () => client.invoke('setProvisioningAccount', { site, user, password }),
          (v) => (v.accounts.some((a) => a.site === site && a.user === user) ? `Account of site ${site} saved: phones now need it.` : 'The engine did not keep the account.'),
        ),
      async removeAccount(site) {
        await act(() => client.invoke('removeProvisioningAccount', { site }), (v) => (v.accounts.some((a) => a.site === site) ? 'The account is still there.' : `Account of site ${site} removed.`));
      },
      async setTftpSecrets(allow) {
        await act(() => client.invoke('setTftpSecrets', { allow }), (v) => (v.tftpSecrets ? 'TFTP now serves files carrying passwords.' : 'TFTP no longer serves files carrying passwords.'));
      },
    };
  });
}
