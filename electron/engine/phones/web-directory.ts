/**
 * Phones ProvKit can reach over HTTP: where each was found (request log, neighbour table, subnet
 * scan, typed by hand), its web endpoint, dialect and what it said about itself. Persisted in
 * `<data>/phone-web.json` (no secrets) so the list survives a restart.
 */
import type { WebPhone } from '../../../shared/api-phones';
import { endpointLabel, type PhoneEndpoint, type PhoneWebInfo } from '../../../shared/phone-web';
import { readJson, writeJsonAtomic } from '../atomic-file';

interface DirectoryFile {
  version: 1;
  phones: WebPhone[];
}

/** The key of an endpoint (its label with the default port made explicit only when not default). */
export function endpointKey(e: PhoneEndpoint): string {
  return endpointLabel(e);
}

/** Known web phones by endpoint key. */
export class WebDirectory {
  private readonly phones = new Map<string, WebPhone>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Load the file (missing = empty). @throws SyntaxError for a damaged file (left untouched) */
  async load(): Promise<void> {
    const d = await readJson<DirectoryFile>(this.file, { version: 1, phones: [] });
    this.phones.clear();
    for (const p of d.phones ?? []) if (p && typeof p.key === 'string') this.phones.set(p.key, p);
  }

  /** All phones, by address. */
  list(): WebPhone[] {
    return [...this.phones.values()].sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }));
  }

  /** The phone with this MAC, most recently seen first. */
  byMac(mac: string): WebPhone | undefined {
    return this.list()
      .filter((p) => p.mac === mac)
      .sort((a, b) => b.seenAt - a.seenAt)[0];
  }

  /** One phone by endpoint. */
  get(e: PhoneEndpoint): WebPhone | undefined {
    return this.phones.get(endpointKey(e));
  }

  /**
   * Add or update a phone; sources are merged, info replaces the old one.
   * @returns the stored entry
   */
  upsert(e: Required<PhoneEndpoint>, patch: Partial<Omit<WebPhone, 'key' | 'host' | 'port' | 'https'>> & { source?: WebPhone['sources'][number]; info?: PhoneWebInfo }): WebPhone {
    const key = endpointKey(e);
    const old = this.phones.get(key);
    const { source, ...rest } = patch;
    const sources = new Set([...(old?.sources ?? []), ...(patch.sources ?? []), ...(source ? [source] : [])]);
    const next: WebPhone = { ...(old ?? { seenAt: Date.now() }), ...rest, key, host: e.host, port: e.port, https: e.https, sources: [...sources], seenAt: Date.now() } as WebPhone;
    if (patch.info) {
      next.dialect = patch.info.dialect;
      if (patch.info.mac) next.mac = patch.info.mac;
      delete next.error;
    }
    if (patch.error === undefined && 'error' in patch) delete next.error;
    // One phone, one row: a MAC now seen at this endpoint is no longer listed at another one (an
    // old address, or the same phone answering on another port or scheme).
    if (next.mac) for (const [k, p] of this.phones) if (k !== key && p.mac === next.mac) this.phones.delete(k);
    this.phones.set(key, next);
    this.save();
    return next;
  }

  private save(): void {
    const data: DirectoryFile = { version: 1, phones: this.list() };
    this.saving = this.saving.then(() => writeJsonAtomic(this.file, data)).catch(() => {});
  }

  /** Wait for pending writes. */
  async flush(): Promise<void> {
    await this.saving;
  }
}
