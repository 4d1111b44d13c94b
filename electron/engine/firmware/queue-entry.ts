/**
 * A new entry of the bench upgrade queue: the phone's plan from the upgrade rules
 * (shared/firmware-rules.ts) and the versions in the repository, or the reason it is refused.
 */
import type { QueuePhone } from '../../../shared/firmware-dto';
import { planUpgrade } from '../../../shared/firmware-rules';
import type { QueueAddItem } from './queue-context';
import type { FirmwareRepository } from './repository';

/**
 * Plan a phone and build its queue entry (state `queued`, history noting the plan).
 * @param mac normalised MAC (12 lowercase hex digits)
 * @param now ms since epoch
 * The target is the one asked for, else the version the repository serves to the model. A plan
 * with a flag that needs confirmation (a downgrade) is refused unless `it.confirmDowngrade`.
 * @returns the entry, or the plan's first error (unknown model, version not in the repository...),
 *   or the flag to confirm (`confirm: true`)
 */
export function newQueuePhone(it: QueueAddItem, mac: string, repo: FirmwareRepository, now = Date.now()): { phone: QueuePhone } | { refused: string; confirm?: true } {
  const served = repo.servedVersion(it.model);
  const plan = planUpgrade({ model: it.model, mac, current: it.current, available: repo.versionsFor(it.model), ...(it.currentBootrom ? { currentBootrom: it.currentBootrom } : {}), ...(it.target ? { target: it.target } : {}), ...(served ? { served } : {}) });
  const error = plan.flags.find((f) => f.level === 'error');
  if (error) return { refused: error.message };
  const ask = plan.flags.find((f) => f.confirm);
  if (ask && !it.confirmDowngrade) return { refused: `needs your confirmation: ${ask.message}`, confirm: true };
  return {
    phone: {
      mac, model: it.model, from: it.current, ...(plan.to ? { to: plan.to } : {}), steps: plan.steps, flags: plan.flags, stepIndex: 0,
      state: 'queued', since: now, attempt: 1, powerCycles: 0, bytes: 0, size: 0, rate: 0, addedAt: now,
      history: [
        { at: now, state: 'queued', note: plan.steps.length ? `plan: ${plan.steps.map((s) => s.version).join(' → ')}` : 'nothing to flash' },
        ...(ask ? [{ at: now, state: 'queued' as const, note: `downgrade confirmed by the technician: ${ask.message}` }] : []),
      ],
      ...(it.host ? { host: it.host } : {}), ...(it.outlet !== undefined ? { outlet: it.outlet } : {}), ...(it.control ? { control: it.control } : {}),
    },
  };
}
