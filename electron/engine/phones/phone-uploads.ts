/**
 * A phone's uploads as the UI shows them (docs/sources.md §1 step 8; stored by UploadStore): logs and the
 * `-phone.cfg` / `-web.cfg` override files, with the parameters each override masks. Overrides win
 * over everything ProvKit serves, so a masked value is a warning the technician must see.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ConfigPreview, PhoneUpload } from '../../../shared/inventory-types';
import { matchUploadName, type UploadStore } from '../provisioning/uploads';

/** Largest part of an upload returned for display, bytes (logs keep their end). */
export const MAX_UPLOAD_VIEW = 256 * 1024;

/**
 * List a phone's uploads.
 * @param preview the phone's configuration preview (its parameter table says what each override masks)
 * @returns current uploads sorted by name, with the number of earlier versions kept
 */
export async function listPhoneUploads(store: UploadStore, mac: string, preview: ConfigPreview): Promise<PhoneUpload[]> {
  const { current, history } = await store.list(mac);
  const rendered = new Set(preview.files.filter((f) => f.source === 'rendered').map((f) => f.path));
  const out: PhoneUpload[] = [];
  for (const name of current) {
    const m = matchUploadName(name)!;
    let st;
    try {
      st = await stat(store.pathOf(mac, name));
    } catch {
      continue;
    }
    const upload: PhoneUpload = { name, kind: m.kind, size: st.size, mtimeMs: st.mtimeMs, versions: history.filter((h) => h.startsWith(`${name}.`)).length };
    if (m.kind === 'phone.cfg' || m.kind === 'web.cfg') {
      const file = preview.files.find((f) => basename(f.path) === name);
      upload.parameters = file?.parameters ?? 0;
      upload.masks = preview.parameters
        .filter((p) => p.masksProvKit && basename(p.file) === name)
        .map((p) => {
          const served = p.ignored.find((i) => rendered.has(i.file))!;
          return { name: p.name, phoneValue: p.value, provkitValue: served.value, provkitFile: served.file };
        });
    }
    out.push(upload);
  }
  return out;
}

/**
 * Read an upload for display: the whole file, or its last {@link MAX_UPLOAD_VIEW} bytes.
 * @returns text and whether it was cut; undefined when the phone has no such upload
 */
export async function readPhoneUpload(store: UploadStore, mac: string, name: string): Promise<{ text: string; truncated: boolean; size: number } | undefined> {
  const m = matchUploadName(name);
  if (!m || m.mac !== mac) return undefined;
  const found = await store.find(m.name);
  if (!found) return undefined;
  const fh = await open(found.path, 'r');
  try {
    const start = Math.max(0, found.size - MAX_UPLOAD_VIEW);
    const buf = Buffer.alloc(found.size - start);
    await fh.read(buf, 0, buf.length, start);
    return { text: buf.toString('utf8'), truncated: start > 0, size: found.size };
  } finally {
    await fh.close();
  }
}
