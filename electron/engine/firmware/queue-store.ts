/**
 * Persistence of the upgrade queue: one JSON file written atomically (temp + fsync + rename,
 * atomic-file.ts) after every state change, writes serialised and coalesced. A crash leaves the
 * last complete state; phones are keyed by MAC, so a resumed queue can neither lose nor duplicate
 * one.
 */
import { randomUUID } from 'node:crypto';
import type { QueuePhone, QueueSettings, QueueView } from '../../../shared/firmware-dto';
import { readJson, writeJsonAtomic } from '../atomic-file';

/** Defaults (times ms): the seeds' twenty minutes per waiting step, 4 phones at a time. */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  controller: 'manual',
  site: '',
  concurrency: 4,
  bandwidthBytesPerSec: 0,
  stepTimeoutMs: 20 * 60_000,
  retries: 2,
  powerCycles: 1,
  serverUrl: '',
  httpsAfter: false,
};

/** Saved queue state. */
export interface QueueFile {
  version: 1;
  runId: string;
  paused: boolean;
  settings: QueueSettings;
  phones: QueuePhone[];
}

/** Reads and writes `queue.json`. */
export class QueueStore {
  private writing: Promise<void> | undefined;
  private next: QueueFile | undefined;

  constructor(readonly file: string) {}

  /**
   * Load the saved queue (defaults when there is none); duplicate MACs keep the last entry.
   * @throws SyntaxError when the file is corrupt (with its path)
   */
  async load(): Promise<QueueFile> {
    const f = await readJson<Partial<QueueFile>>(this.file, {});
    const byMac = new Map<string, QueuePhone>();
    for (const p of f.phones ?? []) if (p && typeof p.mac === 'string') byMac.set(p.mac, p);
    return { version: 1, runId: f.runId ?? randomUUID(), paused: f.paused ?? false, settings: { ...DEFAULT_QUEUE_SETTINGS, ...(f.settings ?? {}) }, phones: [...byMac.values()] };
  }

  /** Save a snapshot (coalesced with later ones); resolves once it, or a newer one, is on disk. */
  save(state: QueueView): Promise<void> {
    this.next = { version: 1, runId: state.runId, paused: state.paused, settings: state.settings, phones: state.phones };
    if (!this.writing) {
      this.writing = (async () => {
        try {
          while (this.next) {
            const snap = JSON.parse(JSON.stringify(this.next)) as QueueFile;
            this.next = undefined;
            await writeJsonAtomic(this.file, snap);
          }
        } finally {
          this.writing = undefined;
        }
      })();
    }
    return this.writing;
  }

  /** Wait for pending writes. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }
}
