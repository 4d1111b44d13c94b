/**
 * What a provisioning request gets, whatever the protocol: one answer for HTTP, FTP (and TFTP).
 * Order: a phone's own stored upload (`<mac>-phone.cfg`, ...), then a real file in the root, then
 * a rendered configuration, else not found. A real file in the root wins over a rendered one so a
 * technician can always drop in a hand-made file.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { baseName, cleanRequestPath } from './paths';
import type { ConfigRenderer } from './config-render';
import type { ProvisioningGuard } from './guard';
import { AnswerRevision } from './answer-revision';
import { macShape } from './mac-shape';
import { RootFiles } from './root-files';
import { matchUploadName, type UploadStore } from './uploads';

/**
 * A file a client can fetch. `size` in bytes, `mtimeMs` ms since epoch. A file from an extra
 * {@link FileSource} may bring its own `open` (e.g. firmware: bandwidth cap, progress).
 */
export type ResolvedFile =
  | { source: 'file' | 'upload'; path: string; size: number; mtimeMs: number; open?: (start: number, end?: number) => Readable }
  | {
      source: 'rendered';
      content: Buffer;
      size: number;
      mtimeMs: number;
      /** May carry secrets (guard.ts). */
      secret?: boolean;
      /** Carries the bench CA and the move to HTTPS ("HTTP first, then HTTPS"). */
      httpsBootstrap?: boolean;
    };

/** Who asks for a file, when the server knows (HTTP: address and User-Agent). */
export interface RequestContext {
  client?: string;
  userAgent?: string;
}

/**
 * An extra source of files consulted after the real root and before rendering (the firmware
 * repository). `rel` is a clean relative path.
 */
export interface FileSource {
  resolve(rel: string, ctx?: RequestContext): Promise<ResolvedFile | undefined>;
  /**
   * Whether this source could answer `rel` for some requester in some state; false only when
   * it never does (its answer depends on nothing that can change). Missing = it may.
   */
  mayAnswer?(rel: string): boolean;
  /** Set by {@link ProvisioningResolver.addSource}: the source calls it when what `mayAnswer` says may change. */
  onChange?: (() => void) | undefined;
}

/** A directory entry for FTP listings. */
export interface DirEntry {
  name: string;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
}

/** Resolves client paths (already cleaned by `cleanRequestPath`) against the root. */
export class ProvisioningResolver {
  /** The real files of the root. */
  readonly files: RootFiles;
  private readonly sources: FileSource[] = [];
  /** Who may fetch files carrying secrets and upload (guard.ts); none = everyone (tests, tools). */
  guard: ProvisioningGuard | undefined;
  /**
   * Raised (by the engine) whenever the inventory, templates, site settings or providers change
   * — what the renderer answers for a name depends on nothing else — and by the extra sources
   * when what their `mayAnswer` says may change (answer-revision.ts).
   */
  readonly revision = new AnswerRevision();
  /**
   * The inventory's phones by MAC (set by the engine; the renderer's only per-phone input): a
   * "not found" for a name carrying a MAC outside it holds for every name of the same shape
   * (mac-shape.ts). Unset: no shape is used.
   */
  knownPhones: { has(mac: string): boolean; macs(): string[] } | undefined;

  constructor(
    readonly root: string,
    readonly uploads: UploadStore,
    private readonly renderer: ConfigRenderer,
  ) {
    this.files = new RootFiles(root);
  }

  /** Add a source consulted after the real root and before rendering. */
  addSource(source: FileSource): void {
    source.onChange = () => this.revision.bump();
    this.sources.push(source);
  }

  /** Create the root folder if missing. */
  async init(): Promise<void> {
    await this.files.init();
  }

  /**
   * Find what `rel` names.
   * @param rel clean relative path (`''` is the root)
   * @param ctx who asks (optional; extra sources may answer per phone)
   * @returns the file, or undefined when nothing answers to that path (or it is a directory)
   */
  async resolve(rel: string, ctx?: RequestContext): Promise<ResolvedFile | undefined> {
    const name = baseName(rel);
    if (matchUploadName(name)) {
      const up = await this.uploads.find(name);
      if (up) return { source: 'upload', ...up };
    }
    const real = await this.files.lookup(rel);
    if (real?.kind === 'file') return { source: 'file', path: real.path, size: real.size, mtimeMs: real.mtimeMs };
    if (real?.kind === 'directory') return undefined;
    for (const src of this.sources) {
      const f = await src.resolve(rel, ctx);
      if (f) return f;
    }
    const out = this.renderer.renderServed(rel);
    if (out !== undefined) {
      const content = Buffer.from(out.text, 'utf8');
      return { source: 'rendered', content, size: content.length, mtimeMs: Date.now(), ...(out.secret ? { secret: true } : {}), ...(out.httpsBootstrap ? { httpsBootstrap: true } : {}) };
    }
    return undefined;
  }

  /**
   * Whether "not found" for `rel`, found at {@link revision} N, stays true for every requester
   * while the revision is N, apart from the phone's own uploads and the real files of the root
   * (which the asker checks itself): true when no extra source (firmware) may answer it — the
   * renderer's answer depends only on what raises the revision.
   * @param rel clean relative path
   */
  absenceHolds(rel: string): boolean {
    return rel !== '' && this.sources.every((s) => s.mayAnswer?.(rel) === false);
  }

  /**
   * The shape under which a "not found" for `rel` holds (see {@link absenceHolds}) for every name
   * of that shape whose MAC the inventory does not hold — the extra sources' `mayAnswer` reads
   * the name's pattern, never which MAC it carries.
   * @returns the shape, or undefined when `rel` carries no MAC, its MAC is in the inventory or
   *   the inventory is not known here
   */
  absentShape(rel: string): string | undefined {
    const s = this.knownPhones ? macShape(rel) : undefined;
    return s && !this.knownPhones!.has(s.mac) ? s.shape : undefined;
  }

  /**
   * Is `rel` a directory in the root? (Asked after {@link resolve} found nothing: reuses its look.)
   */
  async isDirectory(rel: string): Promise<boolean> {
    return (await this.files.lookupAgain(rel))?.kind === 'directory';
  }

  /**
   * List a directory of the root (FTP). The root also lists the default master configuration
   * when it is rendered rather than on disk.
   * @returns entries sorted by name; undefined when `rel` is not a directory
   */
  async list(rel: string): Promise<DirEntry[] | undefined> {
    const dir = await this.files.lookup(rel);
    if (dir?.kind !== 'directory') return undefined;
    const abs = dir.path;
    const names = await readdir(abs);
    const out: DirEntry[] = [];
    for (const n of names) {
      if (n.startsWith('.')) continue;
      // The same lookup as a download: a link leading outside the root is not described (size, time).
      const e = await this.files.lookup(rel ? `${rel}/${n}` : n);
      if (e?.kind === 'directory') {
        const st = await stat(e.path).catch(() => undefined);
        if (st) out.push({ name: n, isDirectory: true, size: 0, mtimeMs: st.mtimeMs });
      } else if (e?.kind === 'file') out.push({ name: n, isDirectory: false, size: e.size, mtimeMs: e.mtimeMs });
    }
    if (rel === '' && !out.some((e) => e.name === '000000000000.cfg')) {
      const text = this.renderer.render('000000000000.cfg');
      if (text !== undefined) out.push({ name: '000000000000.cfg', isDirectory: false, size: Buffer.byteLength(text), mtimeMs: Date.now() });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Open a resolved file for reading.
   * @param start first byte (inclusive), default 0
   * @param end last byte (inclusive), default the end
   */
  open(file: ResolvedFile, start = 0, end?: number): Readable {
    if (file.source === 'rendered') {
      return Readable.from([file.content.subarray(start, end === undefined ? undefined : end + 1)]);
    }
    if (file.open) return file.open(start, end);
    return createReadStream(file.path, { start, ...(end !== undefined ? { end } : {}), highWaterMark: 256 * 1024 });
  }

  /**
   * The text a phone gets for a request path now (a master configuration, for the boot verdict).
   * @param path the request path as the phone sent it (cleaned here; a path leaving the root is no file)
   * @param maxBytes larger files are not read (default 1 MiB)
   * @returns the UTF-8 text, or undefined when nothing answers to that path or it is too large
   * @throws the read error
   */
  async readText(path: string, maxBytes = 1024 * 1024): Promise<string | undefined> {
    let rel: string;
    try {
      rel = cleanRequestPath(path);
    } catch {
      return undefined;
    }
    const file = await this.resolve(rel);
    if (!file || file.size > maxBytes) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of this.open(file)) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}
