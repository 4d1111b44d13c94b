/**
 * Uploads that redirect a phone: a phone's `<mac>-phone.cfg` / `<mac>-web.cfg` (its local changes,
 * which override the server's files at the next boot) that sets a provisioning parameter
 * (`device.prov.*`: server name, type, user) or a SIP server (`reg.N.server.M.address`,
 * `voIpProt.server.N.address`, outbound proxies). Such an upload is flagged on the phone until the
 * technician has looked (the flag names the parameters and values). Parameter names: Polycom UC
 * Software Administrator Guide, "device.prov" and "reg" parameter tables.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadFlag } from '../../../shared/dto';
import { readJson, writeJsonAtomic } from '../atomic-file';
import type { StoredUpload } from './uploads';

const WATCHED = /^(device\.prov\.[A-Za-z0-9.]+|reg\.\d+\.server\.\d+\.address|reg\.\d+\.outboundProxy\.address|voIpProt\.server\.\d+\.address|voIpProt\.SIP\.outboundProxy\.address)$/;
const ATTR = /([A-Za-z][A-Za-z0-9._]*)\s*=\s*"([^"]*)"/g;

/**
 * The watched parameters an uploaded configuration sets.
 * @param text the uploaded XML
 * @returns `name=value` pairs in file order (values as written, passwords not included)
 */
export function redirectingParams(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ATTR)) {
    const name = m[1]!;
    if (!WATCHED.test(name)) continue;
    out.push(/password/i.test(name) ? `${name}=(set)` : `${name}=${m[2]}`);
  }
  return out;
}

/** Flags per phone, in `<data>/upload-flags.json`. */
export class UploadFlags {
  // A Map, not an object: the Phones list asks for every phone's flag on each call (5,000 phones, ten
  // calls a second in the benches), and a MAC looked up as a property name costs several times more.
  private flags = new Map<string, UploadFlag>();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'upload-flags.json');
  }

  /** Read the file. @throws SyntaxError when it is not JSON */
  async load(): Promise<void> {
    this.flags = new Map(Object.entries(await readJson<Record<string, UploadFlag>>(this.file, {})));
  }

  /** The phone's flag, if any. */
  get(mac: string): UploadFlag | undefined {
    return this.flags.get(mac);
  }

  /**
   * Check a stored upload (configuration uploads only).
   * @param client who uploaded it
   * @returns the new flag, or undefined when the upload redirects nothing
   */
  async check(u: StoredUpload, client: string | undefined): Promise<UploadFlag | undefined> {
    if (!/-(phone|web)\.cfg$/.test(u.name) || u.size > 4 * 1024 * 1024) return undefined;
    const params = redirectingParams(await readFile(u.path, 'utf8'));
    if (!params.length) return undefined;
    const flag: UploadFlag = { file: u.name, params, at: Date.now(), ...(client ? { client } : {}) };
    this.flags.set(u.mac, flag);
    await writeJsonAtomic(this.file, Object.fromEntries(this.flags));
    return flag;
  }
}
