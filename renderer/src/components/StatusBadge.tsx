/**
 * Coloured badge with a request's status code and its meaning (colour is never the only cue).
 */
import type { Protocol } from '../../../shared/dto';
import { statusText } from '../format';
import type { Tone } from '../timeline/status-tone';

/**
 * Whether a status code means success on a protocol (HTTP and TFTP 2xx/3xx, FTP 1xx/2xx).
 * @param protocol http, ftp or tftp
 * @param status the code
 */
export function statusOk(protocol: Protocol, status: number): boolean {
  if (protocol === 'ftp') return status >= 100 && status < 300;
  return status >= 200 && status < 400; // TFTP is logged with HTTP statuses (tftp/status.ts)
}

/**
 * A status badge.
 * @param props.protocol protocol of the request
 * @param props.status HTTP status or FTP reply code
 * @param props.tone ok / warn / error
 * @param props.detail extra text for the tooltip (e.g. the engine's error for an expected miss)
 */
export function StatusBadge({ protocol, status, tone, detail }: { protocol: Protocol; status: number; tone: Tone; detail?: string }) {
  const text = statusText(protocol, status);
  const icon = tone === 'ok' ? '✓' : tone === 'warn' ? '!' : '✕';
  return (
    <span className={`badge badge-${tone}`} title={`${protocol.toUpperCase()} ${status}${text ? ` ${text}` : ''}${detail ? ` — ${detail}` : ''}`}>
      <span aria-hidden="true" className="badge-icon">
        {icon}
      </span>
      <span className="badge-code">{status}</span>
      {text && <span className="badge-text">{text}</span>}
    </span>
  );
}
