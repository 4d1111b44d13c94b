/**
 * The Firmware page's data: repository, upgrade queue (live from `firmwareQueuePhone` and
 * `firmwareQueue` events), actions (import, add phones from CSV text or from the phones ProvKit has
 * seen, pause/resume, settings, retry, clear), the run report, and the power-control settings
 * (driver, outlet map, Test).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, RequestArgs } from '../../../shared/api';
import type { FirmwareQueueView, QueueRefusal } from '../../../shared/api-firmware';
import type { FirmwareImportReport, FirmwareRepositoryView, QueueControl, QueueSettings, SeenPhone } from '../../../shared/firmware-dto';
import type { PowerConfig, PowerTestResult, PowerView } from '../../../shared/firmware-power';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { takePageToken } from '../api/page-token';

/** State and actions of the firmware store. */
export interface FirmwareState {
  repo?: FirmwareRepositoryView;
  queue?: FirmwareQueueView;
  lastImport?: FirmwareImportReport;
  /** Result of the last add: refused phones with reasons (`confirm`: a downgrade to confirm). */
  refused: QueueRefusal[];
  /** Add again a phone refused until confirmed (a downgrade), with the confirmation. */
  confirmDowngrade(mac: string): Promise<void>;
  /** Serve `version` under a served name (`<part>.sip.ld`: one model; `sip.ld`: the rest); the queue's default target. */
  serve(name: string, version: string): Promise<void>;
  /** Delete a version from the repository. */
  deleteVersion(version: string, kind: 'application' | 'bootrom'): Promise<void>;
  error?: ErrorInfo;
  /** Power-control settings, and the last Test result. */
  power?: PowerView;
  powerTest?: PowerTestResult;
  /** Phones ProvKit has seen (request log, DHCP), for the picker. */
  seen: SeenPhone[];
  load(): Promise<void>;
  importPath(path: string): Promise<void>;
  /**
   * Import a package the user picked: on the desktop by its path on this computer; in a browser
   * streamed to the engine (`POST /api/upload/firmware`) with `upload` progress.
   */
  importFile(file: File): Promise<void>;
  /** Bytes of the package upload in progress. */
  upload?: { name: string; sent: number; total: number };
  /** Add phones from CSV lines `mac,model,current[,outlet[,target]]`. @returns lines that could not be read */
  addCsv(text: string): Promise<string[]>;
  setPaused(paused: boolean): Promise<void>;
  configure(patch: Partial<QueueSettings>): Promise<void>;
  retry(mac: string): Promise<void>;
  /** Stop one phone (the others go on). */
  cancel(mac: string): Promise<void>;
  /** Take one phone out of the queue. */
  remove(mac: string): Promise<void>;
  /** Write the run report under `<data>/firmware/reports/` now; its path goes to `reportPath`. */
  writeReport(): Promise<void>;
  reportPath?: string;
  clear(): Promise<void>;
  reportCsv(): Promise<string>;
  /** Reload the phones ProvKit has seen. */
  loadSeen(): Promise<void>;
  /** Queue seen phones by MAC. @returns how many were added (refusals go to `refused`), undefined on error */
  addSeen(macs: string[], opts?: { target?: string; control?: QueueControl }): Promise<number | undefined>;
  /** Save the power-control device (null = none) and, when given, the outlet map. @returns whether it was saved */
  savePower(config: PowerConfig | null, outlets?: Record<string, number>): Promise<boolean>;
  /** List serial ports and probe `config` (or power-cycle `outlet`). */
  testPower(config?: PowerConfig, outlet?: number): Promise<void>;
  attach(): () => void;
}

/**
 * Stream a file to the engine's upload endpoint with progress (XMLHttpRequest: fetch reports no
 * upload progress).
 * @returns the import report
 * @throws ApiError-like `{ code, message }` from the engine's error body, or a network error
 */
function uploadFile(file: File, onProgress: (sent: number) => void): Promise<FirmwareImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', new URL('/api/upload/firmware', window.location.href).href);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    // The API token of the tab (the session cookie the server set works too).
    const token = takePageToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onerror = () => reject(new Error(`the upload of ${file.name} was cut (is ProvKit still running?)`));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 200) resolve(body as FirmwareImportReport);
      else reject(Object.assign(new Error((body as { error?: { message?: string } })?.error?.message ?? `upload refused (${xhr.status})`), (body as { error?: object })?.error ?? {}));
    };
    xhr.send(file);
  });
}

/**
 * Create the firmware store.
 * @param client the ApiClient (a fake one in tests)
 */
export function createFirmwareStore(client: ApiClient): StoreApi<FirmwareState> {
  return createStore<FirmwareState>((set, get) => {
    // What the last add asked for, so a refused downgrade can be confirmed.
    let lastCsv: RequestArgs<'firmwareQueueAdd'>['phones'] = [];
    let lastSeen: { target?: string; control?: QueueControl } = {};
    const guard = async (fn: () => Promise<void>) => {
      try {
        await fn();
        set({ error: undefined });
      } catch (err) {
        set({ error: toErrorInfo(err) });
      }
    };
    return {
      refused: [],
      seen: [],
      load: () =>
        guard(async () => {
          const [repo, queue, power] = await Promise.all([client.invoke('firmwareList', {}), client.invoke('firmwareQueue', {}), client.invoke('firmwarePower', {})]);
          set({ repo, queue, power });
        }),
      importPath: (path) =>
        guard(async () => {
          const lastImport = await client.invoke('firmwareImport', { path });
          set({ lastImport, repo: await client.invoke('firmwareList', {}) });
        }),
      importFile: (file) =>
        guard(async () => {
          const path = window.provkit?.pathForFile?.(file);
          if (path) return get().importPath(path);
          set({ upload: { name: file.name, sent: 0, total: file.size } });
          try {
            const lastImport = await uploadFile(file, (sent) => set({ upload: { name: file.name, sent, total: file.size } }));
            set({ lastImport, repo: await client.invoke('firmwareList', {}) });
          } finally {
            set({ upload: undefined });
          }
        }),
      async addCsv(text) {
        const bad: string[] = [];
        const phones: RequestArgs<'firmwareQueueAdd'>['phones'] = [];
        for (const [i, raw] of text.split(/\r?\n/).entries()) {
          const line = raw.trim();
          if (!line || line.startsWith('#') || /^mac\s*,/i.test(line)) continue;
          const [mac, model, current, outlet, target] = line.split(',').map((c) => c.trim());
          if (!mac || !model || !current) {
            bad.push(`line ${i + 1}: needs mac,model,current version`);
            continue;
          }
          phones.push({ mac, model, current, ...(outlet ? { outlet: Number(outlet) } : {}), ...(target ? { target } : {}) });
        }
        lastCsv = phones;
        if (phones.length)
          await guard(async () => {
            const r = await client.invoke('firmwareQueueAdd', { phones });
            set({ refused: r.refused, queue: await client.invoke('firmwareQueue', {}) });
          });
        return bad;
      },
      setPaused: (paused) => guard(async () => set({ queue: await client.invoke('firmwareQueuePause', { paused }) })),
      configure: (patch) => guard(async () => set({ queue: await client.invoke('firmwareQueueConfigure', patch) })),
      retry: (mac) => guard(async () => void (await client.invoke('firmwareQueueRetry', { mac }))),
      cancel: (mac) => guard(async () => void (await client.invoke('firmwareQueueCancel', { mac }))),
      remove: (mac) => guard(async () => set({ queue: await client.invoke('firmwareQueueRemove', { mac }) })),
      writeReport: () => guard(async () => set({ reportPath: (await client.invoke('firmwareWriteReport', {})).path })),
      clear: () => guard(async () => set({ queue: await client.invoke('firmwareQueueClear', {}) })),
      reportCsv: async () => (await client.invoke('firmwareReport', {})).csv,
      loadSeen: () => guard(async () => set({ seen: await client.invoke('firmwareSeenPhones', {}) })),
      confirmDowngrade: (mac) =>
        guard(async () => {
          const item = lastCsv.find((p) => p.mac === mac);
          const r = item ? await client.invoke('firmwareQueueAdd', { phones: [{ ...item, confirmDowngrade: true }] }) : await client.invoke('firmwareQueueAddSeen', { macs: [mac], ...lastSeen, confirmDowngrade: true });
          set({ refused: [...get().refused.filter((x) => x.mac !== mac), ...r.refused], queue: await client.invoke('firmwareQueue', {}) });
        }),
      serve: (name, version) => guard(async () => set({ repo: await client.invoke('firmwareSetActive', { name, version }) })),
      deleteVersion: (version, kind) => guard(async () => set({ repo: await client.invoke('firmwareDeleteVersion', { version, kind }) })),
      async addSeen(macs, opts = {}) {
        lastSeen = opts;
        let added: number | undefined;
        await guard(async () => {
          const r = await client.invoke('firmwareQueueAddSeen', { macs, ...(opts.target ? { target: opts.target } : {}), ...(opts.control ? { control: opts.control } : {}) });
          added = r.added.length;
          const [queue, seen] = await Promise.all([client.invoke('firmwareQueue', {}), client.invoke('firmwareSeenPhones', {})]);
          set({ refused: r.refused, queue, seen });
        });
        return added;
      },
      async savePower(config, outlets) {
        let ok = false;
        await guard(async () => {
          set({ power: await client.invoke('firmwareSetPower', { config, ...(outlets ? { outlets } : {}) }), powerTest: undefined });
          ok = true;
        });
        return ok;
      },
      testPower: (config, outlet) =>
        guard(async () => {
          set({ powerTest: undefined });
          set({ powerTest: await client.invoke('firmwareTestPower', { ...(config ? { config } : {}), ...(outlet !== undefined ? { outlet } : {}) }) });
        }),
      attach() {
        const offPhone = client.on('firmwareQueuePhone', (p) => {
          const q = get().queue;
          if (!q) return;
          const phones = q.phones.some((x) => x.mac === p.mac) ? q.phones.map((x) => (x.mac === p.mac ? p : x)) : [...q.phones, p];
          set({ queue: { ...q, phones } });
        });
        const offQueue = client.on('firmwareQueue', (queue) => set({ queue }));
        return () => {
          offPhone();
          offQueue();
        };
      },
    };
  });
}
