/**
 * The firmware repository: versions side by side under `<data>/firmware/<version>/` (BootROM under
 * `bootrom-<version>/`), an index `<data>/firmware/index.json` (images with size and SHA-256, and
 * the active version per served name). The index is the commit point of an import: a folder that
 * is not in it is left-over staging and is removed at load.
 * Source: docs/sources.md §6.
 */
import { lstat, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FirmwareImage, FirmwareImportReport, FirmwareRepositoryView } from '../../../shared/firmware-dto';
import { compareVersions } from '../../../shared/firmware-version';
import { findPolycomModel } from '../../../shared/models';
import { readJson, writeJsonAtomic } from '../atomic-file';
import type { Logger } from '../logger';
import { FirmwareImportError, stagePackage } from './importer';
import { servedName } from './image-names';
import { BadPackageError, folderEntries, zipEntries } from './package-reader';

interface IndexFile {
  images: FirmwareImage[];
  active: Record<string, string>;
}

/** Versions of the repository, its index and imports (one at a time). */
export class FirmwareRepository {
  private index: IndexFile = { images: [], active: {} };
  private queue: Promise<unknown> = Promise.resolve();
  /** Told synchronously whenever the images or active versions change (file-source.ts `mayAnswer`). */
  onChange: (() => void) | undefined;

  /** @param dir the firmware folder, `<data>/firmware` */
  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  private get indexPath(): string {
    return join(this.dir, 'index.json');
  }

  /**
   * Load the index, drop entries whose files are gone, remove left-over staging folders.
   * @throws SyntaxError when index.json is corrupt (with its path)
   */
  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const idx = await readJson<IndexFile>(this.indexPath, { images: [], active: {} });
    const kept: FirmwareImage[] = [];
    for (const img of idx.images ?? []) {
      try {
        if ((await stat(join(this.dir, img.file))).size === img.size) kept.push(img);
        else this.logger.warn(`firmware ${img.file} changed size on disk: dropped from the repository`);
      } catch {
        this.logger.warn(`firmware ${img.file} is missing: dropped from the repository`);
      }
    }
    this.index = { images: kept, active: idx.active ?? {} };
    this.onChange?.();
    for (const n of await readdir(this.dir)) if (n.startsWith('.import-')) await rm(join(this.dir, n), { recursive: true, force: true });
  }

  /** Images, newest version first, and the active version per served name. */
  view(): FirmwareRepositoryView {
    const images = [...this.index.images].sort((a, b) => compareVersions(b.version, a.version) || a.name.localeCompare(b.name));
    return { dir: this.dir, images, active: { ...this.index.active } };
  }

  /** Absolute path of a stored image. */
  pathOf(img: FirmwareImage): string {
    return join(this.dir, ...img.file.split('/'));
  }

  /**
   * Import a zip package or a folder. Imports run one at a time.
   * @returns what was stored, what was already there, what was skipped
   * @throws FirmwareImportError (nothing imported: reasons listed), BadPackageError (damaged zip)
   */
  importPath(path: string): Promise<FirmwareImportReport> {
    const run = this.queue.then(() => this.importNow(path));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async importNow(path: string): Promise<FirmwareImportReport> {
    const st = await lstat(path).catch(() => undefined);
    if (!st) throw new FirmwareImportError(path, ['no such file or folder']);
    if (st.isSymbolicLink()) throw new BadPackageError(`${path} is a symbolic link: ProvKit never follows links in an import (give the real file or folder); nothing was imported`);
    const stageDir = await mkdtemp(join(this.dir, '.import-'));
    try {
      const staged = await stagePackage(path, st.isDirectory() ? folderEntries(path) : zipEntries(path), stageDir);
      const imported: FirmwareImage[] = [];
      const unchanged: FirmwareImage[] = [];
      const moves: Array<[string, string]> = [];
      for (const [folder, images] of staged.folders) {
        const existing = this.index.images.filter((i) => i.file.startsWith(`${folder}/`));
        const fresh: FirmwareImage[] = [];
        for (const img of images) {
          const old = existing.find((e) => e.name === img.name);
          if (!old) fresh.push(img);
          else if (old.sha256 === img.sha256) unchanged.push(old);
          else throw new FirmwareImportError(staged.source, [`version ${img.version} already has ${img.name} with another checksum (${old.sha256.slice(0, 12)}…): remove that version first`]);
        }
        if (!existing.length) moves.push([join(stageDir, folder), join(this.dir, folder)]);
        else for (const img of fresh) moves.push([join(stageDir, folder, img.name), this.pathOf(img)]);
        imported.push(...fresh);
      }
      for (const [from, to] of moves) await rename(from, to);
      if (imported.length) {
        const active = { ...this.index.active };
        for (const img of imported) active[img.name] ??= img.version;
        await this.save({ images: [...this.index.images, ...imported], active });
      }
      return { source: staged.source, imported, unchanged, skipped: staged.skipped };
    } finally {
      await rm(stageDir, { recursive: true, force: true });
    }
  }

  /**
   * Serve `version` under `name` (`3111-46157-002.sip.ld`, `sip.ld`).
   * @throws Error when the repository has no such image
   */
  async setActive(name: string, version: string): Promise<void> {
    if (!this.index.images.some((i) => i.name === name && i.version === version)) throw new Error(`the repository has no ${name} for version ${version}`);
    await this.save({ ...this.index, active: { ...this.index.active, [name]: version } });
  }

  /**
   * The application version served to a model: the active version of its split name
   * (`<part>.sip.ld`), else of the combined `sip.ld`.
   * @returns undefined when the repository serves the model nothing
   */
  servedVersion(model: string): string | undefined {
    const m = findPolycomModel(model);
    return (m ? this.index.active[`${m.partNumber.toLowerCase()}.sip.ld`] : undefined) ?? this.index.active[servedName('application')];
  }

  /**
   * Serve `version` to a model (its split image, else the combined one, becomes active under its name).
   * @throws Error naming the model and version when the repository has no such image
   */
  async setServed(model: string, version: string): Promise<void> {
    const img = this.imageFor(model, 'application', version);
    if (!img) throw new Error(`the repository has no ${version} image for ${model}`);
    await this.setActive(img.name, version);
  }

  /**
   * Delete every image of one version (its folder and index entries). A name that served it then
   * serves the newest remaining version of that name, or nothing.
   * @returns the deleted images
   * @throws Error when the repository has no image of that version
   */
  async deleteVersion(version: string, kind: FirmwareImage['kind'] = 'application'): Promise<FirmwareImage[]> {
    const gone = this.index.images.filter((i) => i.version === version && i.kind === kind);
    if (!gone.length) throw new Error(`the repository has no ${kind === 'bootrom' ? 'BootROM' : 'application'} version ${version}`);
    const images = this.index.images.filter((i) => !gone.includes(i));
    const active = { ...this.index.active };
    for (const name of new Set(gone.map((g) => g.name))) {
      if (active[name] !== version) continue;
      const next = images.filter((i) => i.name === name).sort((a, b) => compareVersions(b.version, a.version))[0];
      if (next) active[name] = next.version;
      else delete active[name];
    }
    await this.save({ images, active }); // the index first: a crash leaves an unreferenced folder, removed below or at the next load
    for (const folder of new Set(gone.map((g) => g.file.split('/')[0]!))) {
      if (!images.some((i) => i.file.startsWith(`${folder}/`))) await rm(join(this.dir, folder), { recursive: true, force: true });
    }
    return gone;
  }

  /** Application versions available to a model (split image for its part, or a combined sip.ld). */
  versionsFor(model: string, kind: FirmwareImage['kind'] = 'application'): string[] {
    const m = findPolycomModel(model);
    const set = new Set(this.index.images.filter((i) => i.kind === kind && (!m || i.models.includes(m.code))).map((i) => i.version));
    return [...set].sort((a, b) => compareVersions(b, a));
  }

  /**
   * The image a model gets for a version: its split `<part>.sip.ld`, else the combined one.
   * @returns undefined when the repository has neither
   */
  imageFor(model: string, kind: FirmwareImage['kind'], version: string): FirmwareImage | undefined {
    const m = findPolycomModel(model);
    const of = this.index.images.filter((i) => i.kind === kind && i.version === version);
    return (m && of.find((i) => i.part === m.partNumber)) ?? of.find((i) => !i.part);
  }

  /**
   * The image served under a requested name: the active version of that name; for a split name
   * with no split image, the active combined image.
   */
  activeImage(name: string): FirmwareImage | undefined {
    const lower = name.toLowerCase();
    const v = this.index.active[lower];
    const hit = v ? this.index.images.find((i) => i.name === lower && i.version === v) : undefined;
    if (hit) return hit;
    const m = /^(\d{4}-\d{5}-\d{3})\.(sip|bootrom)\.ld$/.exec(lower);
    if (!m) return undefined;
    const combined = servedName(m[2] === 'sip' ? 'application' : 'bootrom');
    const cv = this.index.active[combined];
    return cv ? this.index.images.find((i) => i.name === combined && i.version === cv) : undefined;
  }

  private async save(next: IndexFile): Promise<void> {
    await writeJsonAtomic(this.indexPath, next);
    this.index = next;
    this.onChange?.();
  }

  /** Whether the repository holds no image at all. */
  get empty(): boolean {
    return this.index.images.length === 0;
  }
}
