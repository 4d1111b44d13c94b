/**
 * The firmware a phone would download from ProvKit, for the enrollment wizard.
 * Source: Polycom UC Software Administrator Guide (master configuration `APP_FILE_PATH`, per-model
 * `APP_FILE_PATH_<MODEL>`).
 */
import type { EnrollFirmware } from '../../../shared/api-enroll';
import { findPolycomModel } from '../../../shared/models';
import { MasterConfigError, parseMaster } from '../provisioning/master-config';
import type { ProvisioningResolver } from '../provisioning/resolver';

/** The provisioning root as the wizard reads it: look a file up, read it. */
export type ServedFiles = Pick<ProvisioningResolver, 'resolve' | 'open'>;

/**
 * The firmware a phone would download from ProvKit: read its master (`<mac>.cfg`, else
 * `000000000000.cfg`), take `APP_FILE_PATH_<MODEL>` or `APP_FILE_PATH` (see provisioning/master-config.ts)
 * and look the file up in the provisioning root.
 * @param resolver the provisioning root (files as phones get them)
 * @param mac the phone's MAC (12 lowercase hex digits)
 * @param model the phone's model, for `APP_FILE_PATH_<MODEL>`
 * @returns the file and its size in bytes (absent when not in the root); null when there is no
 *   master or it names no firmware, or names a full URL on another server
 */
export async function firmwareFor(resolver: ServedFiles, mac: string, model?: string): Promise<EnrollFirmware | null> {
  const master = (await resolver.resolve(`${mac}.cfg`)) ?? (await resolver.resolve('000000000000.cfg'));
  if (!master || master.size > 1024 * 1024) return null;
  const chunks: Buffer[] = [];
  for await (const c of resolver.open(master)) chunks.push(c as Buffer);
  const xml = Buffer.concat(chunks).toString('utf8');
  let file: string;
  try {
    file = parseMaster(xml, model ? findPolycomModel(model) : undefined, mac).appFilePath;
  } catch (err) {
    if (err instanceof MasterConfigError) return null;
    throw err;
  }
  if (!file || /^[a-z]+:\/\//i.test(file)) return null;
  const found = await resolver.resolve(file.replace(/^\/+/, ''));
  return found ? { file, bytes: found.size } : { file };
}
