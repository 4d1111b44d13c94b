/**
 * Polycom feature licences (seed `polycom-feature-licensing-bulletin.txt`; facts §7):
 * `<mac>-license.cfg` per phone and `000000000000-license.cfg` for a site, served from the master's
 * LICENSE_DIRECTORY (default: the root). Attaching writes the activation file there as a real file
 * (so it is served like any file, over every protocol); a replaced or removed file is moved to
 * `<data>/licence-history/`, never deleted. The batch activation list is one
 * `<licence number><TAB><mac>` line per phone.
 */
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { InventoryPhone } from '../../../shared/dto';
import type { LicenceStatus } from '../../../shared/inventory-types';
import { DEFAULT_MAC } from '../../../shared/mac';
import { writeFileAtomic } from '../atomic-file';

/** Thrown for a file that is not an activation file. */
export class LicenceError extends Error {
  readonly code = 'LICENCE';
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'LicenceError';
  }
}

/** Licence files in the provisioning root. */
export class LicenceStore {
  /**
   * @param root provisioning root
   * @param directory LICENSE_DIRECTORY relative to the root, read at each call (site setting)
   * @param historyDir where replaced files go (`<data>/licence-history`)
   */
  constructor(
    private readonly root: string,
    private readonly directory: () => string,
    private readonly historyDir: string,
  ) {}

  /** Relative path of the licence file of a phone (`mac`) or the site (`000000000000`). */
  relPath(mac: string): string {
    const dir = this.directory();
    return `${dir ? `${dir}/` : ''}${mac}-license.cfg`;
  }

  /**
   * Attach an activation file.
   * @param mac 12 lowercase hex digits, or `000000000000` for the site licence
   * @param content the file as downloaded from Polycom (an XML file, bulletin "Activation File and Keys")
   * @returns the relative path written
   * @throws LicenceError when the content is empty or not well-formed XML
   */
  async attach(mac: string, content: Buffer): Promise<string> {
    if (!content.length) throw new LicenceError('The licence file is empty.', 'Choose the activation file Polycom sent for this order.');
    const text = content.toString('utf8');
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      throw new LicenceError(`This is not a Polycom activation file: it is not well-formed XML (${valid.err.msg}, line ${valid.err.line}).`, 'Use the XML activation file downloaded from the Polycom Resource Center, unchanged.');
    }
    const rel = this.relPath(mac);
    await this.keepOld(mac, rel);
    await writeFileAtomic(join(this.root, ...rel.split('/')), content);
    return rel;
  }

  /** Remove a licence file (moved to the history). @returns whether there was one */
  async remove(mac: string): Promise<boolean> {
    return this.keepOld(mac, this.relPath(mac));
  }

  /** Licence files present for a phone, and its licence number. */
  async status(phone: Pick<InventoryPhone, 'mac' | 'licenceNumber'>): Promise<LicenceStatus> {
    const info = async (mac: string) => {
      const rel = this.relPath(mac);
      try {
        const st = await stat(join(this.root, ...rel.split('/')));
        return st.isFile() ? { path: rel, size: st.size, mtimeMs: st.mtimeMs } : undefined;
      } catch {
        return undefined;
      }
    };
    const [phoneFile, siteFile] = await Promise.all([info(phone.mac), info(DEFAULT_MAC)]);
    return { directory: this.directory(), ...(phoneFile ? { phoneFile } : {}), ...(siteFile ? { siteFile } : {}), ...(phone.licenceNumber ? { licenceNumber: phone.licenceNumber } : {}) };
  }

  private async keepOld(mac: string, rel: string): Promise<boolean> {
    const abs = join(this.root, ...rel.split('/'));
    try {
      await stat(abs);
    } catch {
      return false;
    }
    await mkdir(this.historyDir, { recursive: true });
    await rename(abs, join(this.historyDir, `${mac}-license.cfg.${new Date().toISOString().replace(/[:.]/g, '-')}`));
    return true;
  }
}

/**
 * The batch activation list of the licensing bulletin (Redeeming, step 4d): one
 * `<licence number><TAB><mac>` line per phone, MACs with their leading zeros, lowercase.
 * @returns the text, and the phones left out because they have no licence number
 */
export function activationList(phones: Array<Pick<InventoryPhone, 'mac' | 'licenceNumber'>>): { text: string; missing: string[] } {
  const lines: string[] = [];
  const missing: string[] = [];
  for (const p of phones) {
    if (p.licenceNumber) lines.push(`${p.licenceNumber}\t${p.mac}`);
    else missing.push(p.mac);
  }
  return { text: lines.length ? `${lines.join('\r\n')}\r\n` : '', missing };
}
