/**
 * Enrollment wizard state per phone, persisted atomically as `<data>/enrollments.json` (closing
 * the app mid-enrollment resumes where it was, in the desktop app and headless).
 * Provider passwords are sealed with the engine's SecretStore and never returned to the UI.
 * Entries that do not validate (hand-edited file, older version) are kept in the file untouched and
 * logged, never dropped.
 */
import { enrollmentSchema, type Enrollment, type EnrollmentView } from '../../../shared/api-enroll';
import { readJson, writeJsonAtomic } from '../atomic-file';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';

/** One saved entry: the state, its timestamps and the sealed provider password. */
interface StoredEnrollment extends Enrollment {
  createdAt: number;
  updatedAt: number;
  /** Sealed with SecretStore; absent when none. */
  targetPassword?: string;
}

interface EnrollmentsFile {
  version: 1;
  enrollments: StoredEnrollment[];
  /** Entries that did not validate, kept as they were. */
  unreadable?: unknown[];
}

/** Options to save one enrollment. */
export interface SaveOptions {
  /** Provider password to store sealed (replaces the stored one). */
  targetPassword?: string;
  /** Forget the stored provider password. */
  clearTargetPassword?: boolean;
  /** Keep an existing phone's state instead of replacing it (batch add). */
  keepExisting?: boolean;
}

/** The enrollment store. Writes are serialised, so concurrent saves never interleave. */
export class EnrollmentStore {
  private readonly byMac = new Map<string, StoredEnrollment>();
  private unreadable: unknown[] = [];
  private writing: Promise<void> = Promise.resolve();

  /**
   * @param file path of the JSON file
   * @param secrets seals provider passwords
   * @param logger where unreadable entries are reported
   * @param now clock (ms), for tests
   */
  constructor(
    private readonly file: string,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Load the file (missing = no enrollments).
   * @throws SyntaxError when the file is not JSON at all (left untouched for the user to fix)
   */
  async load(): Promise<void> {
    const data = await readJson<Partial<EnrollmentsFile>>(this.file, { version: 1, enrollments: [] });
    this.byMac.clear();
    this.unreadable = Array.isArray(data.unreadable) ? [...data.unreadable] : [];
    for (const [i, raw] of (Array.isArray(data.enrollments) ? data.enrollments : []).entries()) {
      const parsed = enrollmentSchema.safeParse(raw);
      const r = raw as Partial<StoredEnrollment>;
      if (!parsed.success || typeof r.createdAt !== 'number' || typeof r.updatedAt !== 'number') {
        this.unreadable.push(raw);
        this.logger.warn(`enrollment ${i + 1} in ${this.file} is not readable and was set aside: ${parsed.error?.issues[0]?.message ?? 'no timestamps'}`);
        continue;
      }
      this.byMac.set(parsed.data.mac, {
        ...parsed.data,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        ...(typeof r.targetPassword === 'string' ? { targetPassword: r.targetPassword } : {}),
      });
    }
  }

  /** Every enrollment, oldest first. */
  list(): EnrollmentView[] {
    return [...this.byMac.values()].sort((a, b) => a.createdAt - b.createdAt || a.mac.localeCompare(b.mac)).map(toView);
  }

  /** One enrollment's view, if any. */
  get(mac: string): EnrollmentView | undefined {
    const e = this.byMac.get(mac);
    return e ? toView(e) : undefined;
  }

  /**
   * The stored provider password in clear, for the automatic path only; never log or return it to the UI.
   * @returns undefined when none is stored
   * @throws SecretError when it was sealed on another machine or by the other mode
   */
  targetPassword(mac: string): string | undefined {
    const sealed = this.byMac.get(mac)?.targetPassword;
    return sealed ? this.secrets.open(sealed) : undefined;
  }

  /**
   * Save several enrollments at once and persist.
   * @param items validated enrollments
   * @returns their views, in the order given
   * @throws the fs error when the file cannot be written (memory keeps the new state)
   */
  async saveMany(items: Enrollment[], opts: SaveOptions = {}): Promise<EnrollmentView[]> {
    const out: EnrollmentView[] = [];
    const now = this.now();
    for (const item of items) {
      const old = this.byMac.get(item.mac);
      if (old && opts.keepExisting) {
        out.push(toView(old));
        continue;
      }
      const next: StoredEnrollment = { ...item, createdAt: old?.createdAt ?? now, updatedAt: now };
      const sealed = opts.clearTargetPassword ? undefined : opts.targetPassword ? this.secrets.seal(opts.targetPassword) : old?.targetPassword;
      if (sealed) next.targetPassword = sealed;
      this.byMac.set(item.mac, next);
      out.push(toView(next));
    }
    await this.persist();
    return out;
  }

  /**
   * Save one enrollment and persist.
   * @returns its view
   */
  async save(item: Enrollment, opts: SaveOptions = {}): Promise<EnrollmentView> {
    const [view] = await this.saveMany([item], opts);
    return view!;
  }

  /** Remove one and persist. @returns whether it was there */
  async remove(mac: string): Promise<boolean> {
    const had = this.byMac.delete(mac);
    if (had) await this.persist();
    return had;
  }

  /** Wait for pending writes (for close and tests). */
  async flush(): Promise<void> {
    await this.writing;
  }

  private persist(): Promise<void> {
    const snapshot: EnrollmentsFile = {
      version: 1,
      enrollments: [...this.byMac.values()],
      ...(this.unreadable.length ? { unreadable: this.unreadable } : {}),
    };
    const next = this.writing.then(() => writeJsonAtomic(this.file, snapshot));
    this.writing = next.catch(() => undefined);
    return next;
  }
}

function toView(e: StoredEnrollment): EnrollmentView {
  const { targetPassword, ...rest } = e;
  return { ...rest, targetHasPassword: Boolean(targetPassword) };
}
