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

/** Shipped Polycom template per software line (a SoundPoint IP 650 stops at UC 4.x: `polycom-uc4`). */
export const POLYCOM_LINE_TEMPLATES: Readonly<Record<PolycomLine, string>> = {
  uc3: 'polycom-uc3',
  uc4: 'polycom-uc4',
  uc5: 'polycom-uc5',
};

/** What choosing a default needs to know of a template (template.json `id`, `vendor`, `firmwareLines`). */
export interface TemplateFit {
  id: string;
  vendor: string;
  firmwareLines?: readonly PolycomLine[];
}

/**
 * The default template of a phone without its own: the site's default if it suits the model's
 * software line (`firmwareLines`), else the shipped template of that line, else the vendor's shipped
 * default, else the first template that suits, else the vendor's first.
 * @param templates candidates, in a stable order
 * @param fit reads `id`, `vendor` and `firmwareLines` of a candidate
 * @param model the phone's model (`SPIP650`), when known
 * @param siteDefault id the site chose for the vendor, if any
 * @param vendorDefault id of the vendor's shipped default, if any
 * @returns the template, or undefined when the vendor has none
 */
export function defaultTemplateFor<T>(templates: readonly T[], fit: (t: T) => TemplateFit, vendor: string, model: string | undefined, siteDefault: string | undefined, vendorDefault: string | undefined): T | undefined {
  const line = vendor === 'polycom' ? polycomLineOf(model) : undefined;
  const suits = (t: T): boolean => {
    const f = fit(t);
    return f.vendor === vendor && (!line || !f.firmwareLines || f.firmwareLines.includes(line));
  };
  for (const id of [siteDefault, line ? POLYCOM_LINE_TEMPLATES[line] : undefined, vendorDefault]) {
    const t = id ? templates.find((x) => fit(x).id === id) : undefined;
    if (t && suits(t)) return t;
  }
  return templates.find(suits) ?? templates.find((t) => fit(t).vendor === vendor);
}
