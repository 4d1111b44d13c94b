/**
 * Small-file cache in front of {@link ProvisioningResolver} (server-side performance).
 * A phone boot is dozens of small configuration files; without a cache every request costs a
 * realpath, a stat, an open, a read and a close on libuv's thread pool (the profile of `wrk` on a
 * 1.5 KiB file showed the main thread idle, waiting for that pool). Real files of the root up to
 * `maxFileBytes` are kept in memory with what `resolve` said about them; a hit costs one `stat`
 * of the cached file, made synchronously (microseconds for a local file, no thread-pool round
 * trip), and at most one per event-loop turn: the requests answered in the same turn are answered
 * as of the same instant, so they need not ask the disk again (under load a turn serves many
 * connections). A file changed on disk (other inode, size, mtime or ctime) is read again on the
 * next request after the change — a technician's edit is served at once, always whole and
 * consistent (content and size come from the same read). Entries are also dropped after `ttlMs`.
 * Requests that miss the same file while it is being read share that read (one buffer for all).
 * Not cached: phone uploads (they change under the phone's hand and come first in the resolution
 * order), rendered configurations (rendered per request), files with their own reader (firmware),
 * and anything larger than `maxFileBytes`. Memory: at most `maxTotalBytes`, oldest entries first out.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { currentTurn } from './event-turn';
import { baseName } from './paths';
import type { ProvisioningResolver, RequestContext, ResolvedFile } from './resolver';
import { matchUploadName } from './uploads';

/** Cache limits. Sizes in bytes, times in ms. */
export interface SmallFileCacheOptions {
  maxFileBytes: number;
  maxTotalBytes: number;
  ttlMs: number;
}

/** Defaults: files up to 64 KiB, 8 MiB in all, 10 s. */
export const SMALL_FILE_DEFAULTS: SmallFileCacheOptions = { maxFileBytes: 64 * 1024, maxTotalBytes: 8 * 1024 * 1024, ttlMs: 10_000 };

/** What a lookup gives: the resolved file and, for a small real file, its whole content. */
export interface CachedResolution {
  file: ResolvedFile;
  /** The file's bytes (length === file.size), when it is small enough to be cached. */
  content?: Buffer;
}

interface Entry extends CachedResolution {
  content: Buffer;
  expires: number;
  /** The event-loop turn in which the file was last found unchanged (see {@link currentTurn}). */
  checked: number;
  /** Identity of the file when it was read (see {@link sameFile}). */
  stamp: Stamp;
}

type Stamp = { ino: number; size: number; mtimeMs: number; ctimeMs: number };

/** The cache; one per server. */
export class SmallFileCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  /** Reads under way, by file path (see {@link readWhole}). */
  private readonly reading = new Map<string, Promise<{ content: Buffer; stamp: Stamp } | undefined>>();
  private readonly opts: SmallFileCacheOptions;

  constructor(
    private readonly resolver: Pick<ProvisioningResolver, 'resolve'>,
    opts: Partial<SmallFileCacheOptions> = {},
  ) {
    this.opts = { ...SMALL_FILE_DEFAULTS, ...opts };
  }

  /**
   * Resolve `rel` as {@link ProvisioningResolver.resolve} does, from memory when possible.
   * @param rel clean relative path
   * @param ctx who asks (passed to the resolver on a miss)
   * @returns the file (and its content when small), or undefined when nothing answers
   */
  async resolve(rel: string, ctx?: RequestContext): Promise<CachedResolution | undefined> {
    if (matchUploadName(baseName(rel))) {
      const file = await this.resolver.resolve(rel, ctx);
      return file && { file };
    }
    const fresh = this.peek(rel);
    if (fresh) return fresh;
    const now = Date.now();
    const hit = this.entries.get(rel);
    if (hit) this.drop(rel, hit);
    const file = await this.resolver.resolve(rel, ctx);
    if (!file || file.source !== 'file' || file.open || file.size > this.opts.maxFileBytes) return file && { file };
    const read = await this.readWhole(file.path);
    if (!read) return { file }; // changed while read, or vanished meanwhile: not cached (the normal path reports it)
    const { content, stamp } = read;
    const before = this.entries.get(rel);
    if (before?.content === content) return before; // another request of the same read made the entry
    if (before) this.drop(rel, before);
    const entry: Entry = { file: { ...file, size: content.length, mtimeMs: stamp.mtimeMs }, content, expires: now + this.opts.ttlMs, stamp, checked: currentTurn() };
    this.entries.set(rel, entry);
    this.total += content.length;
    for (const [k, e] of this.entries) {
      if (this.total <= this.opts.maxTotalBytes) break;
      this.drop(k, e);
    }
    return entry;
  }

  /**
   * The cached answer for `rel` when it is still the file on disk, without waiting: at most one
   * synchronous `stat` per file and event-loop turn (see the file's comment). Uploads are never
   * cached, so they are never found here.
   * @param rel clean relative path
   * @returns the entry, or undefined when it must be looked up ({@link SmallFileCache.resolve})
   */
  peek(rel: string): CachedResolution | undefined {
    const hit = this.entries.get(rel);
    if (!hit || hit.expires <= Date.now()) return undefined;
    const turn = currentTurn();
    if (hit.checked === turn) return hit;
    if (!sameFile(hit.file, hit.stamp)) return undefined;
    hit.checked = turn;
    return hit;
  }

  /**
   * The whole content of a file and its identity, read once for every request that asks while the
   * read is under way (a cold or expired entry asked for by hundreds of phones at once is one read
   * and one buffer, not hundreds).
   * @returns undefined when the file changed during the read or is gone
   */
  private readWhole(path: string): Promise<{ content: Buffer; stamp: Stamp } | undefined> {
    const under = this.reading.get(path);
    if (under) return under;
    const read = readStamped(path).finally(() => {
      if (this.reading.get(path) === read) this.reading.delete(path);
    });
    this.reading.set(path, read);
    return read;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.total;
  }

  /** Forget everything (tests, a changed root). */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  private drop(rel: string, e: Entry): void {
    if (this.entries.get(rel) !== e) return;
    this.entries.delete(rel);
    this.total -= e.content.length;
  }
}

/** What identifies a file's content on disk (throws when it is gone). */
function stampOf(path: string): Stamp {
  const st = statSync(path);
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

/** A file's whole content with its identity, or undefined when it changed during the read or is gone. */
async function readStamped(path: string): Promise<{ content: Buffer; stamp: Stamp } | undefined> {
  try {
    const before = stampOf(path);
    const content = await readFile(path);
    const stamp = stampOf(path);
    return equal(before, stamp) && content.length === stamp.size ? { content, stamp } : undefined;
  } catch {
    return undefined;
  }
}

function equal(a: Stamp, b: Stamp): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Whether a cached file is still the one on disk (synchronous stat: no thread-pool round trip). */
function sameFile(file: ResolvedFile, stamp: Stamp): boolean {
  if (file.source === 'rendered') return false;
  try {
    return equal(stampOf(file.path), stamp);
  } catch {
    return false;
  }
}
