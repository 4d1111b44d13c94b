/**
 * React access to the app's stores: a provider and selector hooks.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStores } from './index';

const StoresContext = createContext<AppStores | null>(null);

/**
 * Make the stores available to the tree below.
 * @param props.stores the stores from `startStores`
 */
export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

/**
 * The stores given to the nearest {@link StoresProvider}.
 * @throws Error when used outside a provider
 */
export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores() used outside <StoresProvider>');
  return stores;
}

/**
 * Select a value from one store and re-render when it changes.
 * Selectors must return stable values (a field, not a new array or object).
 * @param name which store
 * @param selector picks the value
 */
export function useApp<K extends keyof AppStores, T>(
  name: K,
  selector: (state: AppStores[K] extends { getState(): infer S } ? S : never) => T,
): T {
  const store = useStores()[name] as unknown as Parameters<typeof useStore>[0];
  return useStore(store, selector as (s: unknown) => T);
}
