/**
 * Power-control settings panel of the Firmware page: the driver (none, USB relay
 * board, managed PoE switch console), its serial port and baud rate, relay byte commands or the
 * switch's prompts and command scripts, the outlet of each phone, and the Test action (serial ports
 * found, the device probed, or one outlet power-cycled). Checked with the contract's zod schemas
 * (shared/firmware-power.ts) before it is saved.
 */
import { useEffect, useRef, useState } from 'react';
import { outletMapSchema, POE_SWITCH_DEFAULTS, powerConfigSchema, RELAY_DEFAULTS, type PowerConfig } from '../../../../shared/firmware-power';
import { useApp, useStores } from '../../store/context';

type Driver = 'none' | PowerConfig['type'];
type Draft = Record<string, string>;

const lines = (s: string) => s.split(/\r?\n/);
const BAUDS = ['9600', '19200', '38400', '57600', '115200'];

function toDraft(c: PowerConfig | undefined, type: Driver): Draft {
  const base = c && c.type === type ? c : type === 'relay' ? { ...RELAY_DEFAULTS, path: '' } : { ...POE_SWITCH_DEFAULTS, path: '' };
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : String(v)]));
}

function fromDraft(type: Driver, d: Draft): unknown {
  const num = (k: string) => Number(d[k]);
  if (type === 'relay') return { type, path: d.path, baudRate: num('baudRate'), offCommand: d.offCommand, onCommand: d.onCommand, ack: d.ack, offMs: num('offMs'), timeoutMs: num('timeoutMs') };
  return { type, path: d.path, baudRate: num('baudRate'), interfaceName: d.interfaceName, prompt: d.prompt, error: d.error, login: lines(d.login ?? ''), off: lines(d.off ?? '').filter(Boolean), on: lines(d.on ?? '').filter(Boolean), offMs: num('offMs'), timeoutMs: num('timeoutMs') };
}

/** `mac,outlet` lines → map; bad lines named by number. */
function parseOutlets(text: string): { map: Record<string, number>; bad: string[] } {
  const map: Record<string, number> = {};
  const bad: string[] = [];
  for (const [i, raw] of lines(text).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [mac, outlet] = line.split(/[,;\s]+/);
    const m = (mac ?? '').toLowerCase().replace(/[^0-9a-f]/g, '');
    if (m.length !== 12 || !/^\d+$/.test(outlet ?? '')) bad.push(`outlet line ${i + 1}: needs MAC,outlet number`);
    else map[m] = Number(outlet);
  }
  return { map, bad };
}

function Field({ label, name, draft, set, hint, area }: { label: string; name: string; draft: Draft; set: (d: Draft) => void; hint?: string; area?: boolean }) {
  const props = { 'aria-label': label, value: draft[name] ?? '', onChange: (e: { target: { value: string } }) => set({ ...draft, [name]: e.target.value }) };
  return (
    <label className="fw-field">
      <span>{label}</span>
      {area ? <textarea rows={4} {...props} /> : <input {...props} list={name === 'path' ? 'fw-serial-ports' : name === 'baudRate' ? 'fw-bauds' : undefined} />}
      {hint && <small>{hint}</small>}
    </label>
  );
}

/** The power-control settings panel. */
export function PowerPanel() {
  const stores = useStores();
  const power = useApp('firmware', (s) => s.power);
  const test = useApp('firmware', (s) => s.powerTest);
  const [type, setType] = useState<Driver>('none');
  const [draft, setDraft] = useState<Draft>({});
  const [outlets, setOutlets] = useState('');
  const [outlet, setOutlet] = useState('1');
  const [issues, setIssues] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  // What the user typed since the saved settings were last shown: a reload of the page's data
  // (first load arriving late, a reconnect) never overwrites it.
  const edited = useRef(false);
  const edit = <T,>(apply: (v: T) => void) => (v: T) => {
    edited.current = true;
    setSaved(false);
    apply(v);
  };
  const editDraft = edit(setDraft);
  const savedKey = JSON.stringify([power?.config ?? null, power?.outlets ?? {}]);
  useEffect(() => {
    if (edited.current) return;
    const t: Driver = power?.config?.type ?? 'none';
    setType(t);
    if (t !== 'none') setDraft(toDraft(power?.config, t));
    setOutlets(Object.entries(power?.outlets ?? {}).map(([m, o]) => `${m},${o}`).join('\n'));
    // savedKey stands for power's content: a new object with the same settings changes nothing.
  }, [savedKey]);

  const check = (): { config: PowerConfig | null; map: Record<string, number> } | undefined => {
    const o = parseOutlets(outlets);
    const out: string[] = [...o.bad];
    const map = outletMapSchema.safeParse(o.map);
    let config: PowerConfig | null = null;
    if (type !== 'none') {
      const r = powerConfigSchema.safeParse(fromDraft(type, draft));
      if (r.success) config = r.data;
      else out.push(...r.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`));
    }
    setIssues(out);
    return out.length || !map.success ? undefined : { config, map: map.data };
  };
  const save = async () => {
    const c = check();
    const ok = Boolean(c && (await stores.firmware.getState().savePower(c.config, c.map)));
    if (ok) edited.current = false;
    setSaved(ok);
  };
  const runTest = (cycle: boolean) => {
    const c = check();
    if (c) void stores.firmware.getState().testPower(c.config ?? undefined, cycle ? Number(outlet) : undefined);
  };

  return (
    <section className="fw-section fw-power" aria-labelledby="fw-power">
      <h2 id="fw-power">Power control</h2>
      <p className="fw-note">When a phone makes no progress for a whole step, the queue can switch its outlet off and on before giving up: a USB relay board, or a managed PoE switch through its serial console.</p>
      <div className="fw-power-grid">
        <label className="fw-field">
          <span>Device</span>
          <select aria-label="Device" value={type} onChange={(e) => { const t = e.target.value as Driver; edit(setType)(t); if (t !== 'none') setDraft(toDraft(power?.config, t)); }}>
            <option value="none">None (no power cycles)</option>
            <option value="relay">USB relay board</option>
            <option value="poe-switch">PoE switch console</option>
          </select>
        </label>
        {type !== 'none' && (
          <>
            <Field label="Serial port" name="path" draft={draft} set={editDraft} hint="e.g. /dev/ttyUSB0 or COM3 — Test lists the ports found" />
            <Field label="Baud rate" name="baudRate" draft={draft} set={editDraft} />
            <Field label="Off time (ms)" name="offMs" draft={draft} set={editDraft} />
            <Field label="Answer timeout (ms)" name="timeoutMs" draft={draft} set={editDraft} />
          </>
        )}
        {type === 'relay' && (
          <>
            <Field label="Off command" name="offCommand" draft={draft} set={editDraft} hint="hex bytes; {n} = relay channel, {sum} = checksum" />
            <Field label="On command" name="onCommand" draft={draft} set={editDraft} />
            <Field label="Board answer (regex)" name="ack" draft={draft} set={editDraft} hint="empty when the board answers nothing" />
          </>
        )}
        {type === 'poe-switch' && (
          <>
            <Field label="Interface name" name="interfaceName" draft={draft} set={editDraft} hint="{n} = outlet number, e.g. gi0/{n}" />
            <Field label="Prompt (regex)" name="prompt" draft={draft} set={editDraft} />
            <Field label="Error line (regex)" name="error" draft={draft} set={editDraft} />
            <Field label="Login commands" name="login" draft={draft} set={editDraft} area hint="one a line (an empty line sends Enter); refusals ignored" />
            <Field label="Power-off script" name="off" draft={draft} set={editDraft} area hint="{port} = interface name" />
            <Field label="Power-on script" name="on" draft={draft} set={editDraft} area />
          </>
        )}
        <label className="fw-field fw-outlets">
          <span>Outlet of each phone</span>
          <textarea rows={4} aria-label="Outlet of each phone" value={outlets} onChange={(e) => edit(setOutlets)(e.target.value)} placeholder={'0004f2aabbcc,1\n0004f2aabbcd,2'} />
          <small>MAC,outlet a line (relay channel or switch port); an outlet given when queuing a phone wins</small>
        </label>
      </div>
      <datalist id="fw-serial-ports">{test?.ports.map((p) => <option key={p.path} value={p.path}>{p.manufacturer ?? ''}</option>)}</datalist>
      <datalist id="fw-bauds">{BAUDS.map((b) => <option key={b} value={b} />)}</datalist>
      <div className="fw-actions">
        <button type="button" onClick={() => void save()}>Save</button>
        <button type="button" onClick={() => runTest(false)}>Test</button>
        {type !== 'none' && (
          <>
            <label>Outlet <input className="fw-narrow" value={outlet} onChange={(e) => setOutlet(e.target.value)} inputMode="numeric" /></label>
            <button type="button" onClick={() => runTest(true)}>Power-cycle this outlet</button>
          </>
        )}
        {saved && <span role="status" className="fw-ok">Saved.</span>}
      </div>
      {issues.map((i) => <p key={i} className="fw-error">{i}</p>)}
      {test && <PowerTestReport />}
    </section>
  );
}

function PowerTestReport() {
  const test = useApp('firmware', (s) => s.powerTest)!;
  return (
    <div className="fw-test" role="status">
      <p>
        Serial ports found: {test.ports.length ? test.ports.map((p) => `${p.path}${p.manufacturer ? ` (${p.manufacturer})` : ''}`).join(', ') : 'none'}.{' '}
        {test.tried === undefined ? 'Choose a device to test it.' : test.ok ? <strong className="fw-ok">{test.tried === 'cycle' ? 'The outlet was power-cycled.' : 'The device answered.'}</strong> : <strong className="fw-error">{test.error}</strong>}
      </p>
      {test.fix && !test.ok && <p>{test.fix}</p>}
      {test.transcript.length > 0 && <pre className="fw-transcript">{test.transcript.join('\n')}</pre>}
    </div>
  );
}
