/**
 * The Phones list: every phone seen, filterable and sortable; a row opens the phone's timeline.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PhoneSummary, ServerStatus } from '../../../shared/dto';
import { formatMac } from '../../../shared/mac';
import { ErrorBox } from '../components/ErrorBox';
import { InventoryTab } from '../inventory/InventoryTab';
import { PhonesTabs, usePhonesTab } from '../inventory/PhonesTabs';
import { WebPhonesPanel } from '../phone-web/WebPhonesPanel';
import { formatDateTime, formatRelative } from '../format';
import { BootCell, ModelCell } from '../phones/BootVerdict';
import { isProblem, matchesFilter, sortPhones, type PhoneSort, type PhoneSortKey } from '../phones/filter-sort';
import { hrefFor, navigate } from '../routing';
import { useApp, useStores } from '../store/context';
import { SERVER_ORDER } from '../store/servers';
import { useNow } from '../use-now';

function SortHeader({ label, k, sort, onSort }: { label: string; k: PhoneSortKey; sort: PhoneSort; onSort: (k: PhoneSortKey) => void }) {
  const active = sort.key === k;
  return (
    <th scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="th-sort" onClick={() => onSort(k)}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * What to tell a technician when no phone has been seen yet.
 * @param props.servers current server statuses
 */
export function NoPhonesYet({ servers }: { servers: ServerStatus[] }) {
  const listening = servers.filter((s) => s.state === 'listening' && s.url);
  return (
    <div className="empty-state">
      <h2>No phones yet</h2>
      {listening.length > 0 ? (
        <>
          <p>Point a phone’s boot server at {listening.length > 1 ? 'one of these addresses' : 'this address'} and reboot it:</p>
          <ul className="url-list">
            {listening.map((s) => (
              <li key={s.kind}>
                <code>{s.url}</code> <span className="muted">({s.kind.toUpperCase()})</span>
              </li>
            ))}
          </ul>
          <p>
            Set it in DHCP (option 66 or 160) or on the phone under Settings › Advanced › Provisioning Server. Every file the
            phone asks for appears here as it boots.
          </p>
        </>
      ) : (
        <p>
          No provisioning server is listening. Start one on the <a href={hrefFor({ area: 'servers' })}>Servers page</a>, then
          point a phone’s boot server at it.
        </p>
      )}
    </div>
  );
}

function PhoneRow({ p, now }: { p: PhoneSummary; now: number }) {
  const href = hrefFor({ area: 'phones', mac: p.mac });
  return (
    <tr className="clickable" onClick={() => navigate({ area: 'phones', mac: p.mac })}>
      <td>
        <a href={href} className="mac" onClick={(e) => e.stopPropagation()}>
          {formatMac(p.mac)}
        </a>
        {p.label && <div className="sub">{p.label}</div>}
      </td>
      <td>
        <BootCell p={p} />
      </td>
      <td>
        {p.vendor ?? p.ouiVendor ?? <span className="muted">unknown</span>}
        {p.vendor && p.ouiVendor && p.ouiVendor !== p.vendor && <div className="sub">OUI: {p.ouiVendor}</div>}
      </td>
      <td>
        <ModelCell p={p} />
      </td>
      <td>
        {p.firmware ?? <span className="muted">—</span>}
        {p.stage && <div className="sub">{p.stage}</div>}
      </td>
      <td className="mono">{p.lastAddress ?? '—'}</td>
      <td className="num">
        {p.requests}
        {p.lastPath && (
          <div className="sub mono" title={`Last request: ${p.lastPath}${p.lastProtocol ? ` via ${p.lastProtocol.toUpperCase()}` : ''}`}>
            {p.lastPath.split('/').pop()}
          </div>
        )}
      </td>
      <td title={p.lastSeen !== undefined ? formatDateTime(p.lastSeen) : 'never seen'}>{formatRelative(p.lastSeen, now)}</td>
    </tr>
  );
}

/** The Phones page. */
export function PhonesPage() {
  const byMac = useApp('phones', (s) => s.byMac);
  const loaded = useApp('phones', (s) => s.loaded);
  const error = useApp('phones', (s) => s.error);
  const serversByKind = useApp('servers', (s) => s.byKind);
  const [query, setQuery] = useState('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const stores = useStores();
  // Phones found on the network join the list by MAC: reload it when a new MAC is found there.
  const networkMacs = useApp('phoneWeb', (s) =>
    Object.values(s.phones)
      .map((w) => w.mac ?? '')
      .filter(Boolean)
      .sort()
      .join(','),
  );
  useEffect(() => {
    if (networkMacs && stores.phones.getState().loaded) void stores.phones.getState().load();
  }, [networkMacs, stores]);
  const [sort, setSort] = useState<PhoneSort>({ key: 'lastSeen', dir: 'desc' });
  const now = useNow();
  const [tab, setTab] = usePhonesTab();

  const all = useMemo(() => Object.values(byMac), [byMac]);
  const rows = useMemo(() => sortPhones(all.filter((p) => matchesFilter(p, query) && (!problemsOnly || isProblem(p))), sort), [all, query, problemsOnly, sort]);
  const problems = useMemo(() => all.filter(isProblem).length, [all]);
  const servers = SERVER_ORDER.map((k) => serversByKind[k]).filter((s): s is ServerStatus => s !== undefined);
  const onSort = (key: PhoneSortKey): void =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'lastSeen' || key === 'requests' ? 'desc' : 'asc' }));

  if (tab === 'inventory') return <InventoryTab tabs={<PhonesTabs tab={tab} onTab={setTab} />} />;
  return (
    <section className="page" aria-labelledby="phones-title">
      <div className="page-head">
        <h1 id="phones-title">Phones</h1>
        <PhonesTabs tab={tab} onTab={setTab} />
        <span className="muted">
          {all.length === 1 ? '1 phone seen' : `${all.length} phones seen`}
          {problems > 0 && <span className="err-count">, {problems === 1 ? '1 needs a look' : `${problems} need a look`}</span>}
        </span>
        <div className="spacer" />
        <label className="problems-only">
          <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
          Problems only
        </label>
        <label className="filter">
          <span>Filter</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="MAC, model or label" />
        </label>
      </div>
      {error && <ErrorBox error={error} title="Could not load the phone list" />}
      {loaded && all.length === 0 && <NoPhonesYet servers={servers} />}
      {!loaded && !error && <p className="muted">Loading phones…</p>}
      {all.length > 0 && (
        <div className="table-wrap">
          <table className="data-table phones-table">
            <caption className="visually-hidden">Phones seen by ProvKit; select a row to open its boot timeline.</caption>
            <thead>
              <tr>
                <SortHeader label="MAC" k="mac" sort={sort} onSort={onSort} />
                <SortHeader label="Latest boot" k="boot" sort={sort} onSort={onSort} />
                <th scope="col">Vendor</th>
                <SortHeader label="Model" k="model" sort={sort} onSort={onSort} />
                <th scope="col">Firmware</th>
                <th scope="col">Address</th>
                <SortHeader label="Requests" k="requests" sort={sort} onSort={onSort} />
                <SortHeader label="Last seen" k="lastSeen" sort={sort} onSort={onSort} />
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <PhoneRow key={p.mac} p={p} now={now} />
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted center">
                    {problemsOnly && !query.trim() ? 'No phone needs a look: every latest boot went through or is still going.' : `No phone matches “${query}”${problemsOnly ? ' among the problems' : ''}.`}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <WebPhonesPanel />
    </section>
  );
}
