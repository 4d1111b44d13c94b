/**
 * A server's throughput and its transfers in progress, each with a progress bar, rate and time
 * left (the Servers page shows per-server throughput and active transfers with
 * progress). Fed by `ServerStatus.throughput` / `transfers`, refreshed by the engine once a second
 * while data moves.
 */
import type { ServerStatus, TransferProgress } from '../../../shared/dto';
import { formatBytes } from '../format';

/**
 * A rate for people.
 * @param bytesPerSecond bytes per second
 * @returns e.g. `11.2 MiB/s`, `0 B/s`
 */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.max(0, bytesPerSecond))}/s`;
}

/**
 * Time left of a transfer, when its size and rate are known.
 * @returns e.g. `12 s left`, `3 min left`; empty when unknown
 */
export function timeLeft(t: TransferProgress): string {
  if (t.size === undefined || t.rate <= 0 || t.bytes >= t.size) return '';
  const s = Math.ceil((t.size - t.bytes) / t.rate);
  return s < 90 ? `${s} s left` : `${Math.round(s / 60)} min left`;
}

function TransferRow({ t }: { t: TransferProgress }) {
  const pct = t.size ? Math.min(100, Math.round((100 * t.bytes) / t.size)) : undefined;
  return (
    <li className="transfer">
      <div className="transfer-line">
        <span className="mono transfer-path" title={t.path}>
          {t.method} {t.path}
        </span>
        <span className="muted">{t.client}</span>
      </div>
      {pct !== undefined ? (
        <progress max={100} value={pct} aria-label={`${t.path}: ${pct}%`} />
      ) : (
        <progress aria-label={`${t.path}: size unknown`} />
      )}
      <div className="transfer-line muted">
        <span>
          {formatBytes(t.bytes)}
          {t.size !== undefined && ` of ${formatBytes(t.size)}`}
          {pct !== undefined && ` (${pct}%)`}
        </span>
        <span>
          {formatRate(t.rate)}
          {timeLeft(t) && ` · ${timeLeft(t)}`}
        </span>
      </div>
    </li>
  );
}

/**
 * Throughput and the transfers in progress of one server; nothing when the server is not listening.
 * @param props.server the server's status
 */
export function TransferActivity({ server: s }: { server: ServerStatus }) {
  if (s.state !== 'listening') return null;
  const transfers = s.transfers ?? [];
  return (
    <section className="transfer-activity" aria-label={`${s.kind.toUpperCase()} transfers`}>
      <div className="transfer-head">
        <span>Throughput</span>
        <strong>{formatRate(s.throughput ?? 0)}</strong>
      </div>
      {transfers.length === 0 ? (
        <p className="muted transfer-none">No transfers right now.</p>
      ) : (
        <ul className="transfers">
          {transfers.map((t) => (
            <TransferRow key={`${t.client}|${t.method}|${t.path}|${t.startedAt}`} t={t} />
          ))}
        </ul>
      )}
      {s.activeTransfers > transfers.length && <p className="muted">and {s.activeTransfers - transfers.length} more…</p>}
    </section>
  );
}
