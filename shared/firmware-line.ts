/**
 * The Polycom software line a model can run, for choosing its configuration template: VVX phones
 * run UC Software 5.x and later; SoundPoint IP and SoundStation IP phones stop at UC Software 4.x
 * (the AltiGen MaxCS 8.5 matrix targets 4.0.4/4.0.8 for them); legacy models capped at SIP 2.x/3.x
 * stay on the 3.x parameter set (Genesys CIC guide, end-of-life table). Pure code.
 */
import { LEGACY_CAPS } from './firmware-rules';
import { findPolycomModel } from './models';

/** A Polycom software line: `uc3` (SIP 3.x and older), `uc4` (UC Software 4.x), `uc5` (5.x and later). */
export type PolycomLine = 'uc3' | 'uc4' | 'uc5';

/**
 * The newest software line a Polycom model runs.
 * @param model model code or name (`SPIP650`, `SoundPoint IP 650`, `VVX400`, legacy `SPIP601`)
 * @returns the line, or undefined for a model ProvKit does not know
 */
export function polycomLineOf(model: string | undefined): PolycomLine | undefined {
  if (!model) return undefined;
  const key = model.replace(/[\s_-]/g, '').toUpperCase();
  if (LEGACY_CAPS.some((l) => l.code === key || l.displayName.replace(/\s/g, '').toUpperCase() === key)) return 'uc3';
  const m = findPolycomModel(model);
  if (!m) return undefined;
  return m.family === 'VVX' ? 'uc5' : 'uc4';
}
