/**
 * Test helper for the firmware area: write a Polycom-style package folder of small simulated
 * images (`sip.ver` + `<part>.sip.ld`), optionally zipped with the real `zip` tool.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findPolycomModel } from '../../shared/models';
import { makeSimImage } from '../../electron/engine/simulator/firmware-bench';

/**
 * Create `<dir>/<name>/` with `sip.ver` and one split image per model (`size` bytes each).
 * @returns the folder path
 */
export async function writePackageFolder(dir: string, name: string, version: string, models: string[], size = 64 * 1024, extra: Record<string, string> = {}): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'sip.ver'), `${version}\n`);
  for (const m of models) await writeFile(join(folder, `${findPolycomModel(m)!.partNumber}.sip.ld`), makeSimImage(version, size));
  for (const [f, text] of Object.entries(extra)) await writeFile(join(folder, f), text);
  return folder;
}

/** Zip a folder's files (no folder prefix) with the `zip` tool. @returns the zip path */
export function zipFolder(folder: string, zipPath: string): string {
  execFileSync('zip', ['-q', '-j', '-r', zipPath, folder]);
  return zipPath;
}
