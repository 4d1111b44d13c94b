/**
 * The Lost password page's form (MAC as typed, model, letter case, the key combination picked where
 * sources disagree) and where the technician is in the plan. Kept in a store so leaving the page
 * and coming back (or arriving from the enrollment wizard with a MAC) keeps it.
 * Defaults: the seed's phone (IP 650) and lower case (MegaPath IP650/IP670 Enrollment Guide).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LetterCase } from '../../../shared/keypad/planner';
import { DEFAULT_RESET_MODEL } from '../../../shared/keypad/reset-models';

/** State and actions of the lost-password store. */
export interface LostPasswordState {
  /** The MAC as typed or pasted (not yet validated). */
  macText: string;
  model: string;
  letterCase: LetterCase;
  /** Picked key combination for models whose sources disagree (`1357` / `468*`). */
  resetKeys?: string;
  /** Index of the plan step shown. */
  step: number;
  /** Set several fields; the step goes back to 0 when the plan changes. */
  set(patch: Partial<Pick<LostPasswordState, 'macText' | 'model' | 'letterCase' | 'resetKeys'>>): void;
  goTo(step: number): void;
}

/**
 * Create the lost-password store.
 * @returns a vanilla zustand store
 */
export function createLostPasswordStore(): StoreApi<LostPasswordState> {
  return createStore<LostPasswordState>((set) => ({
    macText: '',
    model: DEFAULT_RESET_MODEL,
    letterCase: 'lower',
    step: 0,
    set(patch) {
      set({ ...patch, step: 0 });
    },
    goTo(step) {
      set({ step: Math.max(0, step) });
    },
  }));
}
