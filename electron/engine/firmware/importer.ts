/**
 * Import one firmware package (zip or folder) into a staging folder next to the repository:
 * every image is streamed to disk with its size and SHA-256 computed on the way, versions are read
 * from `sip.ver`/`bootrom.ver` (else from the package name), unknown files are listed as skipped.
 * Nothing is visible in the repository until {@link FirmwareRepository} renames the staged folder
 * and rewrites its index; on any error the staging folder is removed (never half-imported).
 * Source: docs/sources.md §6 (package contents), AltiGen guide "Update Firmware and the Default
 * Configuration Files" (split packages unzipped under the server root).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FirmwareImage, SkippedFile } from '../../../shared/firmware-dto';
import { isFirmwareVersion, versionFromName } from '../../../shared/firmware-version';
import { classifyPackageFile, readVersionFile, servedName, versionFolder } from './image-names';
import type { PackageEntry } from './package-reader';

/** The package cannot be imported as a whole; `problems` lists why (one sentence each). */
export class FirmwareImportError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} was not imported: ${problems.join('; ')}`);
    this.name = 'FirmwareImportError';
  }
}

/** A package staged under `stageDir`: images grouped in their version folders. */
export interface StagedPackage {
  source: string;
  stageDir: string;
  /** Version folder → images staged under `stageDir/<folder>/`. */
  folders: Map<string, FirmwareImage[]>;
  skipped: SkippedFile[];
}

const MAX_VERSION_FILE = 4096;

/**
 * Stage a package's images.
 * @param source package path or folder (its base name names the import)
 * @param entries the package's files
 * @param stageDir empty folder on the repository's file system
 * @throws FirmwareImportError (no image, no version, two files with one name, bad version),
 *   BadPackageError (damaged archive) — the caller removes `stageDir`
 */
export async function stagePackage(source: string, entries: AsyncIterable<PackageEntry>, stageDir: string): Promise<StagedPackage> {
  const name = basename(source);
  const skipped: SkippedFile[] = [];
  const versions: Partial<Record<'application' | 'bootrom', string>> = {};
  const staged: Array<Omit<FirmwareImage, 'version' | 'file'>> = [];
  const seen = new Set<string>();
  const raw = join(stageDir, '.raw');
  await mkdir(raw, { recursive: true });
  for await (const entry of entries) {
    const base = entry.name.split('/').pop()!;
    const what = classifyPackageFile(base);
    if ('reason' in what) {
      skipped.push({ name: entry.name, reason: what.reason });
      continue;
    }
    const key = base.toLowerCase();
    if (seen.has(key)) throw new FirmwareImportError(name, [`two files named ${base} in the package (${entry.name}): import the folders separately`]);
    seen.add(key);
    if (what.kind === 'version') {
      if (entry.size > MAX_VERSION_FILE) throw new FirmwareImportError(name, [`${entry.name} is ${entry.size} bytes, too big for a version file`]);
      const chunks: Buffer[] = [];
      for await (const c of await entry.open()) chunks.push(c as Buffer);
      const v = readVersionFile(Buffer.concat(chunks).toString('utf8'));
      if (!v || !isFirmwareVersion(v)) throw new FirmwareImportError(name, [`${entry.name} does not hold a version ("${v ?? ''}")`]);
      versions[what.of] = v;
      continue;
    }
    const served = servedName(what.kind, what.part);
    const { size, sha256 } = await streamWithHash(entry, join(raw, served));
    staged.push({ kind: what.kind, ...(what.part ? { part: what.part } : {}), models: what.models, name: served, size, sha256, importedAt: Date.now(), source: name });
  }
  if (!staged.length) throw new FirmwareImportError(name, ['no firmware image in it (expected sip.ld, <part>.sip.ld, bootrom.ld or <part>.bootrom.ld)']);
  const problems: string[] = [];
  const fromName = versionFromName(name);
  const folders = new Map<string, FirmwareImage[]>();
  for (const kind of ['application', 'bootrom'] as const) {
    const images = staged.filter((i) => i.kind === kind);
    if (!images.length) continue;
    const onlyKind = !staged.some((i) => i.kind !== kind);
    const version = versions[kind] ?? (onlyKind ? fromName : undefined);
    if (!version) {
      problems.push(`no ${kind === 'application' ? 'sip.ver' : 'bootrom.ver'} and no version in the package name for ${images.map((i) => i.name).join(', ')}`);
      continue;
    }
    const folder = versionFolder(kind, version);
    await mkdir(join(stageDir, folder), { recursive: true });
    const list: FirmwareImage[] = [];
    for (const img of images) {
      await rename(join(raw, img.name), join(stageDir, folder, img.name));
      list.push({ ...img, version, file: `${folder}/${img.name}` });
    }
    folders.set(folder, list);
  }
  if (problems.length) throw new FirmwareImportError(name, problems);
  return { source: name, stageDir, folders, skipped };
}

/** Copy an entry to `dest`, hashing it on the way. @returns bytes written and SHA-256 hex */
async function streamWithHash(entry: PackageEntry, dest: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  await pipeline(await entry.open(), tap, createWriteStream(dest));
  return { size, sha256: hash.digest('hex') };
}
