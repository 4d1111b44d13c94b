/**
 * The verdict on a phone's latest boot (engine: phones/boot-verdict.ts): a badge for the Phones
 * list and a card for the phone page, with the stage and the reasons in words. Colour is never the
 * only cue: each verdict has its icon and word.
 */
import type { BootStageId, BootVerdictName, PhoneBoot, PhoneSummary } from '../../../shared/dto';
import { formatClock } from '../format';
import './boot-verdict.css';

/** Words for people. */
export const VERDICT_WORD: Record<BootVerdictName, string> = { booted: 'Booted', booting: 'Booting', failed: 'Failed', incomplete: 'Incomplete', unseen: 'No boot seen' };
const VERDICT_ICON: Record<BootVerdictName, string> = { booted: '✓', booting: '…', failed: '✕', incomplete: '!', unseen: '–' };
/** Stage names as the boot strip shows them. */
export const STAGE_WORD: Record<BootStageId, string> = { bootrom: 'BootROM', master: 'Master config', firmware: 'Firmware', configs: 'Configs', logs: 'Logs uploaded' };

/**
 * A verdict badge.
 * @param props.boot the verdict
 */
export function VerdictBadge({ boot }: { boot: PhoneBoot }) {
  return (
    <span className={`verdict verdict-${boot.verdict}`} title={boot.reasons.join('\n')}>
      <span aria-hidden="true" className="verdict-icon">
        {VERDICT_ICON[boot.verdict]}
      </span>
      {VERDICT_WORD[boot.verdict]}
    </span>
  );
}

/**
 * The Phones list cell: badge, stage and the first reason.
 * @param props.p the phone
 */
export function BootCell({ p }: { p: PhoneSummary }) {
  if (!p.boot) return <span className="muted">—</span>;
  const { boot } = p;
  const first = boot.verdict === 'booted' ? undefined : boot.reasons[0];
  return (
    <div className="boot-cell">
      <VerdictBadge boot={boot} />
      {boot.stage && <span className="verdict-stage">{boot.verdict === 'failed' ? `at ${STAGE_WORD[boot.stage]}` : STAGE_WORD[boot.stage]}</span>}
      {first && <div className="sub verdict-reason">{first}</div>}
      {boot.reasons.length > 1 && boot.verdict !== 'booted' && <div className="sub muted">+{boot.reasons.length - 1} more</div>}
    </div>
  );
}

/**
 * The phone page's verdict card, above the boot strip.
 * @param props.boot the verdict
 */
export function BootVerdictCard({ boot }: { boot: PhoneBoot }) {
  return (
    <section className={`verdict-card verdict-card-${boot.verdict}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title" className="strip-title">
        Latest boot: <VerdictBadge boot={boot} />
        {boot.stage && <span className="verdict-stage">{boot.verdict === 'failed' ? `at ${STAGE_WORD[boot.stage]}` : `stage: ${STAGE_WORD[boot.stage]}`}</span>}
        {boot.since !== undefined && <span className="muted"> — since {formatClock(boot.since)}</span>}
      </h2>
      {boot.reasons.length > 0 && (
        <ul className="verdict-reasons">
          {boot.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The model cell: what the phone reports, flagged when the inventory names another model.
 * @param props.p the phone
 */
export function ModelCell({ p }: { p: PhoneSummary }) {
  return (
    <>
      {p.model ?? <span className="muted">—</span>}
      {p.modelMismatch && (
        <div className="sub model-mismatch" title={`The phone reports ${p.modelMismatch.reported}; its inventory entry says ${p.modelMismatch.inventory}. Its configuration is rendered for the inventory model.`}>
          ⚠ inventory says {p.modelMismatch.inventory}
        </div>
      )}
    </>
  );
}
