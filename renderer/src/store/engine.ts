/**
 * Facts about the running engine (`getInfo`), for the header.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/api';
import type { EngineInfo } from '../../../shared/dto';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** State and actions of the engine-info store. */
export interface EngineState {
  info?: EngineInfo;
  error?: ErrorInfo;
  load(): Promise<void>;
}

/**
 * Create the engine-info store.
 * @param client the ApiClient (a fake one in tests)
 * @returns a vanilla zustand store
 */
export function createEngineStore(client: ApiClient): StoreApi<EngineState> {
  return createStore<EngineState>((set) => ({
    async load() {
      try {
        set({ info: await client.invoke('getInfo', {}), error: undefined });
      } catch (err) {
        set({ error: toErrorInfo(err) });
      }
    },
  }));
}
