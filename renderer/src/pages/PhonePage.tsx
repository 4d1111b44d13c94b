/**
 * One phone: who it is, how far its latest boot got, and every request it made, live.
 */
import { useEffect, type ReactNode } from 'react';
import type { RequestEvent } from '../../../shared/dto';
import { formatMac } from '../../../shared/mac';
import { ErrorBox } from '../components/ErrorBox';
import { PhoneInventoryCard } from '../inventory/PhoneInventoryCard';
import { PhoneActivity } from '../phone-web/PhoneActivity';
import { PhoneWebActions } from '../phone-web/PhoneWebActions';
import { formatDateTime, formatRelative } from '../format';
import { hrefFor } from '../routing';
import { toneCounts } from '../timeline/status-tone';
import { useApp, useStores } from '../store/context';
import { useNow } from '../use-now';
import { BootStrip } from './BootStrip';
import { BootVerdictCard } from '../phones/BootVerdict';
import { AddToFirmwareQueue } from './firmware/AddToQueue';
import { TimelineTable } from './TimelineTable';
import { UploadFlagBadge } from '../phones/UploadFlagBadge';

function RequestBreakdown({ rows }: { rows: RequestEvent[] }) {
  const c = toneCounts(rows);
  const parts: ReactNode[] = [];
  if (c.error) parts.push(<span key="e" className="err-count">{c.error === 1 ? '1 error' : `${c.error} errors`}</span>);
  if (c.warn) parts.push(<span key="w" className="warn-count">{c.warn} expected misses</span>);
  if (parts.length === 0) return <span className="ok-count"> (all OK)</span>;
  return (
    <>
      {' ('}
      {parts.flatMap((p, i) => (i ? [', ', p] : [p]))}
      {')'}
    </>
  );
}

/**
 * The phone page.
 * @param props.mac the phone, 12 lowercase hex digits
 * @param props.scroller the scrolling main area (the timeline follows new rows in it)
 */
export function PhonePage({ mac, scroller }: { mac: string; scroller: HTMLElement | null }) {
  const stores = useStores();
  const phone = useApp('phones', (s) => s.byMac[mac]);
  const phonesLoaded = useApp('phones', (s) => s.loaded);
  const rows = useApp('timeline', (s) => s.rows);
  const selected = useApp('timeline', (s) => s.mac);
  const loading = useApp('timeline', (s) => s.loading);
  const error = useApp('timeline', (s) => s.error);
  const now = useNow();

  useEffect(() => {
    void stores.timeline.getState().select(mac);
  }, [mac, stores]);

  const vendor = phone?.vendor ?? phone?.ouiVendor;
  const shownRows = selected === mac ? rows : [];
  return (
    <section className="page" aria-labelledby="phone-title">
      <p className="breadcrumb">
        <a href={hrefFor({ area: 'phones' })}>← All phones</a>
      </p>
      <div className="phone-head">
        <h1 id="phone-title" className="mono">
          {formatMac(mac)}
          {phone?.label && <span className="phone-label"> {phone.label}</span>}
        </h1>
        <UploadFlagBadge flag={phone?.uploadFlag} />
        {phone ? (
          <dl className="facts">
            <div>
              <dt>Vendor / model</dt>
              <dd>
                {[vendor, phone.model].filter(Boolean).join(' ') || 'unknown'}
                {phone.modelMismatch && (
                  <div className="model-mismatch">
                    ⚠ The phone reports {phone.modelMismatch.reported}; its inventory entry says {phone.modelMismatch.inventory}. Its configuration is rendered for{' '}
                    {phone.modelMismatch.inventory}: correct the inventory model.
                  </div>
                )}
                {phone.vendor && phone.ouiVendor && phone.ouiVendor !== phone.vendor && (
                  <span className="muted"> (OUI: {phone.ouiVendor})</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Firmware</dt>
              <dd>
                {phone.firmware ?? '—'}
                {phone.stage && <span className="muted"> ({phone.stage})</span>}
              </dd>
            </div>
            <div>
              <dt>Address</dt>
              <dd className="mono">{phone.lastAddress ?? '—'}</dd>
            </div>
            <div>
              <dt>Requests</dt>
              <dd>
                {phone.requests}
                {shownRows.length > 0 && <RequestBreakdown rows={shownRows} />}
              </dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd title={phone.lastSeen !== undefined ? formatDateTime(phone.lastSeen) : undefined}>
                {formatRelative(phone.lastSeen, now)}
              </dd>
            </div>
            <div>
              <dt>First seen</dt>
              <dd>{phone.firstSeen !== undefined ? formatDateTime(phone.firstSeen) : '—'}</dd>
            </div>
          </dl>
        ) : (
          phonesLoaded && <p className="muted">ProvKit has not seen this phone yet. Its requests will appear here as soon as it boots.</p>
        )}
      </div>
      <PhoneInventoryCard mac={mac} />
      <PhoneWebActions mac={mac} />
      {phone && <AddToFirmwareQueue mac={mac} />}
      {error && <ErrorBox error={error} title="Could not load this phone’s timeline" />}
      {phone?.boot && <BootVerdictCard boot={phone.boot} />}
      <BootStrip rows={shownRows} />
      <div className="section-head">
        <h2 className="section-title">
          Requests <span className="muted">({shownRows.length}, oldest first)</span>
        </h2>
        {shownRows.length > 8 && scroller && (
          <button type="button" className="btn btn-small" onClick={() => scroller.scrollTo({ top: scroller.scrollHeight })}>
            Jump to newest ↓
          </button>
        )}
      </div>
      {loading && shownRows.length === 0 ? (
        <p className="muted">Loading timeline…</p>
      ) : shownRows.length === 0 ? (
        <p className="muted">No requests from this phone yet. Reboot it to watch it provision.</p>
      ) : (
        <TimelineTable key={mac} rows={shownRows} scroller={scroller} />
      )}
      <PhoneActivity mac={mac} />
    </section>
  );
}
