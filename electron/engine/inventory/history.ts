/**
 * The inventory's append-only history (`<data>/inventory-history.jsonl`): one JSON line per change,
 * who/when/what, plus the whole previous record (secrets sealed) for updates and removals so that
 * nothing is lost and any earlier version can be recovered by hand.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { InventoryPhone } from '../../../shared/dto';
import type { InventoryHistoryEntry } from '../../../shared/inventory-types';

/** A stored line: the entry the UI sees plus the previous record. */
export interface StoredHistoryEntry extends InventoryHistoryEntry {
  /** The record before the change (secrets sealed), for `update` and `remove`. */
  before?: InventoryPhone;
}

/** Append-only JSONL history. */
export class InventoryHistory {
  /** @param file path of the JSONL file (created on first append) */
  constructor(readonly file: string) {}

  /**
   * Append entries in one write (an import of 5,000 rows is one append).
   * @throws the fs error; the inventory file is only written after the history succeeded
   */
  async append(entries: StoredHistoryEntry[]): Promise<void> {
    if (!entries.length) return;
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  }

  /**
   * Read entries, newest first.
   * @param mac only this phone's entries (12 lowercase hex digits), or all
   * @param limit at most this many
   * @returns entries without the stored previous records; damaged lines are skipped
   */
  async read(mac?: string, limit = 500): Promise<InventoryHistoryEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: InventoryHistoryEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const line = lines[i]!;
      if (!line || (mac && !line.includes(`"mac":"${mac}"`))) continue;
      try {
        const { before: _before, ...entry } = JSON.parse(line) as StoredHistoryEntry;
        if (!mac || entry.mac === mac) out.push(entry);
      } catch {
        /* a line cut by a crash: skip it */
      }
    }
    return out;
  }
}
