/**
 * Steering of the running upgrade queue: concurrency, bandwidth cap, step timeout and retries
 * (applied at once by the engine), and the pause line saying what is still finishing.
 */
import { useEffect, useState } from 'react';
import type { FirmwareQueueView } from '../../../../shared/api-firmware';
import type { QueueSettings } from '../../../../shared/firmware-dto';
import { useStores } from '../../store/context';

interface Field {
  key: 'concurrency' | 'bandwidthBytesPerSec' | 'stepTimeoutMs' | 'retries';
  label: string;
  unit: string;
  /** Shown value from the setting, and back. */
  show: (s: QueueSettings) => number;
  save: (n: number) => number;
  min: number;
  max: number;
}

const FIELDS: Field[] = [
  { key: 'concurrency', label: 'Phones at a time', unit: '', show: (s) => s.concurrency, save: (n) => n, min: 1, max: 100 },
  { key: 'bandwidthBytesPerSec', label: 'Bandwidth cap', unit: 'kB/s (0 = none)', show: (s) => Math.round(s.bandwidthBytesPerSec / 1000), save: (n) => n * 1000, min: 0, max: 10_000_000 },
  { key: 'stepTimeoutMs', label: 'Step timeout', unit: 's', show: (s) => Math.round(s.stepTimeoutMs / 1000), save: (n) => n * 1000, min: 1, max: 86_400 },
  { key: 'retries', label: 'Retries', unit: 'per step', show: (s) => s.retries, save: (n) => n, min: 0, max: 10 },
];

function NumberSetting({ f, settings }: { f: Field; settings: QueueSettings }) {
  const stores = useStores();
  const current = f.show(settings);
  const [text, setText] = useState(String(current));
  useEffect(() => setText(String(current)), [current]);
  const n = Number(text);
  const ok = text.trim() !== '' && Number.isInteger(n) && n >= f.min && n <= f.max;
  const apply = () => {
    if (ok && n !== current) void stores.firmware.getState().configure({ [f.key]: f.save(n) });
  };
  return (
    <label className="fw-field">
      <span>{f.label}</span>
      <input
        type="number" className="fw-narrow" min={f.min} max={f.max} value={text} aria-invalid={!ok}
        onChange={(e) => setText(e.target.value)} onBlur={apply} onKeyDown={(e) => e.key === 'Enter' && apply()}
      />
      <small>{ok ? f.unit : `a whole number from ${f.min} to ${f.max}`}</small>
    </label>
  );
}

/** Editable settings of the running queue. */
export function QueueSteering({ queue }: { queue: FirmwareQueueView }) {
  return (
    <div className="fw-steer" role="group" aria-label="Queue settings (applied to the running queue)">
      {FIELDS.map((f) => <NumberSetting key={f.key} f={f} settings={queue.settings} />)}
    </div>
  );
}

/** The paused line: what still finishes (downloads, flashes) and that nothing new starts. */
export function PausedLine({ queue }: { queue: FirmwareQueueView }) {
  if (!queue.paused) return null;
  const f = queue.finishing ?? [];
  const byState = new Map<string, number>();
  for (const x of f) byState.set(x.state, (byState.get(x.state) ?? 0) + 1);
  return (
    <p className="fw-paused" role="status">
      Paused — no new step starts.{' '}
      {f.length ? `Still finishing: ${[...byState].map(([s, n]) => `${n} ${s}`).join(', ')} (${f.map((x) => x.mac).join(', ')}).` : 'Nothing is running.'}
    </p>
  );
}
