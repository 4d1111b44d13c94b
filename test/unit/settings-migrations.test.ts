/**
 * Settings migrations (electron/engine/settings-migrations.ts through openSettings): a file from
 * an earlier build gets the nested keys it lacks, keeps its own values, and the migration runs once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { DEFAULT_SETTINGS, openSettings } from '../../electron/engine/settings';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings migrations', () => {
  it('0.1.0 fills missing nested server keys from the defaults and keeps the file values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk9-settings-'));
    dirs.push(dir);
    // A file from a build before the TFTP tuning keys and the HTTP auth keys existed, no version.
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ http: { enabled: false, bind: '10.0.0.5', port: 8080, pathPrefix: 'mpv' }, tftp: { enabled: true, bind: '10.0.0.5', port: 6969, maxTransfers: 8 } }),
    );
    const s = openSettings(dir);
    expect(s.get('tftp')).toEqual({ ...DEFAULT_SETTINGS.tftp, bind: '10.0.0.5', port: 6969, maxTransfers: 8 });
    expect(s.get('http')).toEqual({ ...DEFAULT_SETTINGS.http, enabled: false, bind: '10.0.0.5', port: 8080, pathPrefix: 'mpv' });
    expect(s.get('ftp')).toEqual(DEFAULT_SETTINGS.ftp);
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(file.__internal__.migrations.version).toBe(pkg.version);
    expect(file.tftp.maxWindowsize).toBe(DEFAULT_SETTINGS.tftp.maxWindowsize);
  });

  it('does not run again once recorded: a later edit survives reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk9-settings-'));
    dirs.push(dir);
    openSettings(dir).set('tftp', { ...DEFAULT_SETTINGS.tftp, retransmitMs: 2500 });
    const raw = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    delete raw.tftp.maxRetries; // would be refilled only if the migration ran again
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(raw));
    const again = openSettings(dir).get('tftp') as unknown as Record<string, unknown>;
    expect(again.retransmitMs).toBe(2500);
    expect(again.maxRetries).toBeUndefined();
  });
});
