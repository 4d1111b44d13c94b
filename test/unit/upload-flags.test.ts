/**
 * UploadFlags (electron/engine/provisioning/upload-flags.ts): a phone's configuration upload that
 * redirects it (a `device.prov.*` parameter, a SIP server) is flagged, kept in
 * `<data>/upload-flags.json` and read back; an upload that redirects nothing is not flagged; a
 * name that is not a MAC finds nothing (the store is a Map, not an object with a prototype).
 * The upload is written as a VVX would send its local changes (Polycom UC Software
 * Administrator Guide, `<mac>-phone.cfg`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UploadFlags } from '../../electron/engine/provisioning/upload-flags';

const dir = mkdtempSync(join(tmpdir(), 'provkit-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MAC = '0004f2aabbcc';

function upload(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { mac: MAC, name, path, size: Buffer.byteLength(text) };
}

describe('UploadFlags', () => {
  it('flags a redirecting upload, keeps it on disk and reads it back', async () => {
    const flags = new UploadFlags(dir);
    await flags.load();
    expect(flags.get(MAC)).toBeUndefined();
    const quiet = await flags.check(upload(`${MAC}-phone.cfg`, '<PHONE_CONFIG><ALL up.backlight.idleIntensity="1"/></PHONE_CONFIG>'), '10.0.0.7');
    expect(quiet).toBeUndefined();
    expect(flags.get(MAC)).toBeUndefined();
    const flag = await flags.check(upload(`${MAC}-phone.cfg`, '<PHONE_CONFIG><ALL device.prov.serverName="evil.example" device.prov.serverName.set="1"/></PHONE_CONFIG>'), '10.0.0.7');
    expect(flag).toMatchObject({ file: `${MAC}-phone.cfg`, params: ['device.prov.serverName=evil.example', 'device.prov.serverName.set=1'], client: '10.0.0.7' });
    expect(flags.get(MAC)).toBe(flag);
    expect(JSON.parse(await readFile(join(dir, 'upload-flags.json'), 'utf8'))).toEqual({ [MAC]: flag });
    const again = new UploadFlags(dir);
    await again.load();
    expect(again.get(MAC)).toEqual(flag);
    expect(again.get('constructor')).toBeUndefined();
    expect(again.get('__proto__')).toBeUndefined();
  });
});
