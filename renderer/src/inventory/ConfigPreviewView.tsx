/**
 * Template preview, offline (like CIC's PhoneSim): the files the phone will receive in the order it
 * requests them, each file's text, and for every parameter the value that wins and the values the
 * phone ignores (Genesys CIC Managed IP Phones guide). Passwords are masked by the engine.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ConfigPreview, PreviewFile } from '../../../shared/inventory-types';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { VENDOR_NAMES } from '../../../shared/vendors';
import { formatBytes } from '../format';
import { useStores } from '../store/context';

const SOURCE: Record<PreviewFile['source'], string> = { rendered: 'rendered by ProvKit', file: 'file in the root', upload: 'uploaded by the phone', missing: 'not found (404)' };

/**
 * The preview of one phone's files.
 * @param props.mac 12 lowercase hex digits
 * @param props.version changes whenever the phone was saved (to reload)
 */
export function ConfigPreviewView({ mac, version }: { mac: string; version: number }) {
  const api = useStores().inventory.getState();
  const [preview, setPreview] = useState<ConfigPreview>();
  const [error, setError] = useState<ErrorInfo>();
  const [shown, setShown] = useState<string>();
  const [query, setQuery] = useState('');
  useEffect(() => {
    let live = true;
    api
      .call('previewConfig', { mac })
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setShown((s) => s ?? p.files.find((f) => f.source === 'rendered' && f.role !== 'master')?.path);
      })
      .catch((err) => live && setError(toErrorInfo(err)));
    return () => {
      live = false;
    };
  }, [api, mac, version]);
  const params = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (preview?.parameters ?? []).filter((p) => !q || p.name.toLowerCase().includes(q) || p.value.toLowerCase().includes(q) || p.file.toLowerCase().includes(q));
  }, [preview, query]);
  if (error) return <ErrorBox error={error} title="Could not build the preview" />;
  if (!preview) return <p className="muted">Rendering…</p>;
  const file = preview.files.find((f) => f.path === shown);
  return (
    <div className="preview">
      <p className="muted">
        {VENDOR_NAMES[preview.vendor]} · template <code>{preview.template}</code> ·{' '}
        {preview.precedence === 'first-wins' ? 'the first value the phone receives wins; its own uploads win over everything' : 'the last value received wins'}
      </p>
      {[...preview.warnings, ...preview.problems].map((w) => (
        <p key={w} className="banner-warn preview-warning" role="status">
          {w}
        </p>
      ))}
      <div className="preview-split">
        <ol className="preview-files" aria-label="Files in request order">
          {preview.files.map((f) => (
            <li key={f.order}>
              <button type="button" className={`file-btn${f.path === shown ? ' active' : ''} src-${f.source}`} disabled={f.content === undefined} onClick={() => setShown(f.path)}>
                <span className="mono">{f.path}</span>
                <span className="sub">
                  {f.role} · {SOURCE[f.source]}
                  {f.size !== undefined ? ` · ${formatBytes(f.size)}` : ''}
                  {f.parameters ? ` · ${f.parameters} parameters` : ''}
                </span>
                {f.error && <span className="sub tone-text-error">{f.error}</span>}
              </button>
            </li>
          ))}
        </ol>
        <pre className="preview-text" aria-label={file ? `Content of ${file.path}` : 'File content'} tabIndex={0}>
          {file?.content ?? 'Choose a file.'}
        </pre>
      </div>
      <div className="section-head">
        <h3>Parameters ({preview.parameters.length})</h3>
        <label className="filter">
          <span>Filter</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name, value or file" />
        </label>
      </div>
      <table className="data-table params-table">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Value the phone uses</th>
            <th scope="col">From</th>
            <th scope="col">Ignored</th>
          </tr>
        </thead>
        <tbody>
          {params.slice(0, 500).map((p) => (
            <tr key={p.name} className={p.masksProvKit ? 'row-warn' : undefined}>
              <td className="mono">{p.name}</td>
              <td className="mono">{p.value}</td>
              <td className="mono">
                {p.file}
                {p.masksProvKit && <div className="sub warn-count">masks ProvKit’s value</div>}
              </td>
              <td className="sub">{p.ignored.map((i) => `${i.file}: ${i.value}`).join('; ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
