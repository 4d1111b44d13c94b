/**
 * Polycom feature licences (Polycom feature licensing bulletin; docs/sources.md §7):
 * `<mac>-license.cfg` per phone and `000000000000-license.cfg` for a site, served from the master's
 * LICENSE_DIRECTORY (default: the root). Attaching writes the activation file there as a real file
 * (so it is served like any file, over every protocol); a replaced or removed file is moved to
 * `<data>/licence-history/`, never deleted. The batch activation list is one
 * `<licence number><TAB><mac>` line per phone.
 */
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { InventoryPhone } from '../../../shared/dto';
import type { LicenceOrderResult, LicenceStatus } from '../../../shared/inventory-types';
import { DEFAULT_MAC, tryNormalizeMac } from '../../../shared/mac';
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
    checkActivationFile(content);
    const rel = this.relPath(mac);
    await this.keepOld(mac, rel);
    await writeFileAtomic(join(this.root, ...rel.split('/')), content);
    return rel;
  }

  /**
   * Attach one order's activation file to every inventory phone it names. Polycom sends one file per
   * order, with the keys of every MAC of the order; each phone reads only the keys for its own MAC
   * (licensing bulletin, "Activation File and Keys"), so the same file is served as each phone's
   * `<mac>-license.cfg`.
   * @param content the order's activation file, unchanged
   * @param inInventory whether a MAC (12 lowercase hex digits) is an inventory phone
   * @returns the phones attached (with paths), the MACs not in the inventory, and the reboot flag
   * @throws LicenceError when the file is empty, not well-formed XML, or names no MAC address
   */
  async attachOrder(content: Buffer, inInventory: (mac: string) => boolean): Promise<LicenceOrderResult> {
    checkActivationFile(content);
    const macs = macsInActivationFile(content.toString('utf8'));
    if (!macs.length) {
      throw new LicenceError('This activation file names no MAC address, so it cannot be attached by order.', 'If it is a site licence, attach it as the site licence; otherwise attach it to each phone from its Licence panel.');
    }
    const attached: LicenceOrderResult['attached'] = [];
    const notInInventory: string[] = [];
    for (const mac of macs) {
      if (!inInventory(mac)) {
        notInInventory.push(mac);
        continue;
      }
      attached.push({ mac, path: await this.attach(mac, content) });
    }
    return { attached, notInInventory, rebootNeeded: attached.length > 0 };
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
 * Refuse what cannot be an activation file (an XML file, licensing bulletin "Activation File and Keys").
 * @throws LicenceError when the content is empty or not well-formed XML
 */
function checkActivationFile(content: Buffer): void {
  if (!content.length) throw new LicenceError('The licence file is empty.', 'Choose the activation file Polycom sent for this order.');
  const valid = XMLValidator.validate(content.toString('utf8'));
  if (valid !== true) {
    throw new LicenceError(`This is not a Polycom activation file: it is not well-formed XML (${valid.err.msg}, line ${valid.err.line}).`, 'Use the XML activation file downloaded from the Polycom Resource Center, unchanged.');
  }
}

/**
 * The MAC addresses an activation file names: every attribute value or element text that is exactly
 * a MAC (`0004f2aabbcc`, `00:04:f2:aa:bb:cc`, `0004.f2aa.bbcc`), in order of first appearance. Keys
 * and other values are never scanned inside, so a key that happens to hold 12 hex digits is not a MAC.
 * @param xml a well-formed activation file
 * @returns MACs as 12 lowercase hex digits, without duplicates
 */
export function macsInActivationFile(xml: string): string[] {
  const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: true }).parse(xml) as unknown;
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const mac = tryNormalizeMac(v);
      if (mac) out.add(mac);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(tree);
  return [...out].filter((m) => m !== DEFAULT_MAC);
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
