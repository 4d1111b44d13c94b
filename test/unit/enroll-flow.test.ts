/**
 * Enrollment helpers: the list of phones (typed, pasted, CSV; rows reported by line), the wizard's
 * flow (reset only when needed; what blocks Next), the address to type for a target, the seed's
 * steps with the address filled in, reset guides per vendor, and the support summary.
 */
import { describe, expect, it } from 'vitest';
import type { EnrollmentView } from '../../shared/api-enroll';
import { guidesFor, RESET_GUIDES } from '../../shared/enroll/reset-guides';
import { enrollmentSteps, TROUBLESHOOTING } from '../../shared/enroll/seed-steps';
import { blocker, currentStep, neighbourStep, statusLine, stepsFor } from '../../renderer/src/enroll/flow';
import { parseMacList } from '../../renderer/src/enroll/mac-list';
import { supportSummary } from '../../renderer/src/enroll/support';
import { keypadProcedure, serverEntry } from '../../renderer/src/enroll/target';
import { PROVIDER_PRESETS } from '../../shared/enroll/provider-presets';

const MEGAPATH = { kind: 'provider' as const, presetId: 'megapath', name: 'MegaPath Voice', type: 'http' as const, server: '72.245.184.168/mpv' };
import { server } from './renderer-fake-client';

const T0 = 1_700_000_000_000;
function e(extra: Partial<EnrollmentView> = {}): EnrollmentView {
  return { mac: '0004f2e5e001', vendor: 'polycom', step: 'target', ticks: [], createdAt: T0, updatedAt: T0, targetHasPassword: false, ...extra };
}

describe('list of phones', () => {
  it('reads one MAC per line in any notation, with label and model, and reports bad lines by number', () => {
    const r = parseMacList('00:04:f2:e5:e0:01 Reception SPIP650\n\n0004.f2e5.e002  Back office\n# a comment\nbad-line\n0004f2e5e00\n00-04-F2-E5-E0-01\n01:00:5e:00:00:01');
    expect(r.phones).toEqual([
      { line: 1, mac: '0004f2e5e001', label: 'Reception', model: 'SPIP650', warnings: [] },
      { line: 3, mac: '0004f2e5e002', label: 'Back office', warnings: [] },
    ]);
    expect(r.rejected.map((x) => [x.line, x.reason])).toEqual([
      [5, 'it contains characters that are not hex digits or separators'],
      [6, 'it has 11 hex digits, a MAC has 12'],
      [7, '0004f2e5e001 is already in the list'],
      [8, expect.stringMatching(/multicast bit/)],
    ]);
  });

  it('reads a CSV with a header (CIC template list: MAC in Address, name in Name) and warns for non-Polycom prefixes', () => {
    // Identification Address is the SIP identity, not the MAC (docs/sources.md §8).
    const csv = 'Name,Template,Proxy Group,Extension,Identification Address,Label,Address\nLobby,T1,PG,7101,7101@pbx.example,Lobby phone,0004f2aabb01\nShort,T1,PG,7102,7102@pbx.example,x,0004f204f6a\nYea,T1,PG,7103,7103@pbx.example,Yealink,001565aabbcc';
    const r = parseMacList(csv);
    expect(r.phones.map((p) => [p.line, p.mac, p.label])).toEqual([
      [2, '0004f2aabb01', 'Lobby'],
      [4, '001565aabbcc', 'Yea'],
    ]);
    expect(r.phones[1]!.warnings[0]).toMatch(/not a Polycom prefix/);
    expect(r.rejected).toEqual([expect.objectContaining({ line: 3, reason: 'it has 11 hex digits, a MAC has 12' })]);
  });
});

describe('wizard flow', () => {
  it('asks for a reset only for third-party phones, unknown passwords and other vendors', () => {
    expect(stepsFor(e({ thirdParty: false, passwordKnown: 'yes' }))).toEqual(['target', 'identify', 'path', 'keys', 'watch']);
    expect(stepsFor(e({ thirdParty: true }))).toContain('reset');
    expect(stepsFor(e({ passwordKnown: 'no' }))).toContain('reset');
    expect(stepsFor(e({ vendor: 'toshiba' }))).toEqual(['identify', 'reset', 'path']);
    expect(currentStep(e({ vendor: 'iss', step: 'target' }))).toBe('identify');
    expect(neighbourStep(e({ step: 'identify', thirdParty: false, passwordKnown: 'yes' }), 1)).toBe('path');
  });

  it('says what blocks Next', () => {
    expect(blocker(e(), false)).toMatch(/Choose where/);
    expect(blocker(e({ step: 'identify' }), false)).toMatch(/where the phone comes from/);
    expect(blocker(e({ step: 'reset', thirdParty: true }), false)).toMatch(/factory reset is done/);
    expect(blocker(e({ step: 'path', path: 'automatic' }), false)).toMatch(/not available/);
    expect(blocker(e({ step: 'path', path: 'automatic' }), true)).toBeUndefined();
    expect(statusLine(e({ step: 'path' }), undefined)).toEqual({ text: 'Path — in the wizard', tone: 'idle' });
  });

  it('claims nothing it has no evidence for', () => {
    const provider = { target: MEGAPATH, step: 'watch' as const, watchStartedAt: 1000 };
    // A provider's server: never "Done", whatever was clicked.
    expect(statusLine(e({ ...provider }), undefined, false).text).toBe('Not verified: look at the phone (provider’s server)');
    expect(statusLine(e({ ...provider, doneAt: 5000 }), undefined, false).text).toMatch(/^Working, as you saw on the phone — not verified by ProvKit/);
    expect(statusLine(e({ ...provider, seenWorkingAt: 5000 }), undefined, false).text).not.toMatch(/Done/);
    // Restarted only with the automatic path's evidence.
    const auto = { at: 1000, outcome: 'restarted' as const, readBack: 'HTTP 72.245.184.168/mpv, boot server static', steps: [] };
    expect(statusLine(e({ ...provider, automatic: auto }), undefined, false).text).toBe('Restarted (read back HTTP 72.245.184.168/mpv, boot server static) — not verified: look at the phone');
    // A failed run stays on its step with the phone's error.
    const failed = { at: 1000, outcome: 'failed' as const, steps: [], error: { code: 'WRONG_PASSWORD', message: '127.0.0.1 refused the admin password.' } };
    expect(statusLine(e({ step: 'keys', target: MEGAPATH, automatic: failed }), undefined, false)).toEqual({ text: 'Stopped: 127.0.0.1 refused the admin password.', tone: 'error' });
    // ProvKit as target: Done only with the watch's evidence (its doneAt).
    expect(statusLine(e({ target: { kind: 'provkit', server: 'http' }, step: 'watch', watchStartedAt: 1000, doneAt: 9000 }), undefined, true).text).toBe('Done');
  });
});

describe('provider presets', () => {
  it('none is chosen by default; each names its source and keypad procedure', () => {
    expect(PROVIDER_PRESETS.map((p) => p.id)).toEqual(['megapath', 'altigen', 'cic']);
    expect(PROVIDER_PRESETS.find((p) => p.id === 'megapath')).toMatchObject({ address: '72.245.184.168/mpv', source: expect.stringMatching(/MegaPath IP650\/IP670 Enrollment Guide/) });
    expect(PROVIDER_PRESETS.filter((p) => p.id !== 'megapath').every((p) => p.address === undefined)).toBe(true);
    expect(keypadProcedure({ target: { ...MEGAPATH, presetId: 'cic' } })).toBe('cic');
    expect(keypadProcedure({ target: MEGAPATH })).toBe('megapath');
    expect(keypadProcedure({ target: MEGAPATH, keypadProcedure: 'altigen' })).toBe('altigen');
    expect(keypadProcedure({})).toBe('megapath');
  });
});

describe('targets and the seed steps', () => {
  it('types the provider address as given, and ProvKit’s URL without its scheme', () => {
    expect(serverEntry(MEGAPATH, {})).toMatchObject({ typeLabel: 'HTTP', address: '72.245.184.168/mpv', watchable: false });
    const http = server('http', { state: 'listening', bind: '10.0.0.5', url: 'http://10.0.0.5:8080/mpv/' });
    expect(serverEntry({ kind: 'provkit', server: 'http' }, { http })).toEqual({ typeLabel: 'HTTP', address: '10.0.0.5:8080/mpv', watchable: true });
    expect(serverEntry({ kind: 'provkit', server: 'http' }, { http: server('http') })!.problem).toMatch(/not listening/);
    const loop = server('http', { state: 'listening', url: 'http://127.0.0.1:8080/' });
    expect(serverEntry({ kind: 'provkit', server: 'http' }, { http: loop })!.problem).toMatch(/only this computer/);
    const ftp = server('ftp', { state: 'listening', bind: '10.0.0.5', url: 'ftp://10.0.0.5:2121/', options: { factoryAccount: true } });
    expect(serverEntry({ kind: 'provkit', server: 'ftp' }, { ftp })!.credentials).toMatch(/PlcmSpIp/);
  });

  it('fills the server type and address into the seed’s Normal and Boot paths', () => {
    const normal = enrollmentSteps('normal', { typeLabel: 'HTTP', address: '72.245.184.168/mpv' });
    expect(normal.find((s) => s.id === 'n-type')!.text).toContain('until you see HTTP');
    expect(normal.filter((s) => s.kind === 'address')).toHaveLength(1);
    expect(normal.at(-1)!.text).toMatch(/Do not power-cycle/);
    const boot = enrollmentSteps('boot', { typeLabel: 'FTP', address: '10.0.0.5' });
    expect(boot.find((s) => s.id === 'b-save')!.text).toContain('Save & Reboot');
    for (const s of [...normal, ...boot, ...TROUBLESHOOTING]) expect(s.source).toMatch(/^MegaPath IP650\/IP670 Enrollment Guide, “(Enrollment Process \((Normal|Boot)\)”, steps? \d+|Troubleshooting”)/);
    expect(new Set([...normal, ...boot].map((s) => s.id)).size).toBe(normal.length + boot.length);
  });

  it('has reset guides for every vendor, each step with its source', () => {
    expect(guidesFor('polycom').map((g) => g.id)).toEqual(['polycom-menu', 'polycom-web', 'polycom-lost-password']);
    expect(guidesFor('toshiba')[0]!.steps[0]!.text).toContain('3 + 6 + 9 + Hold');
    expect(guidesFor('iss').map((g) => g.id)).toEqual(['iss-1', 'iss-2']);
    for (const g of RESET_GUIDES) for (const s of g.steps) expect(s.source).toMatch(g.vendor === 'audiocodes' ? /AudioCodes 400HD Series IP Phones Administrator’s Manual|FreePBX wiki/ : /^(MegaPath IP650\/IP670 Enrollment Guide|AltiGen MAXCS Polycom Configuration Guide|Toshiba IPedge IP Telephone Auto Configuration guide|Genesys CIC Managed IP Phones guide), /);
    expect(guidesFor('audiocodes').map((g) => g.id)).toEqual(['audiocodes-menu']);
    expect(guidesFor('audiocodes')[0]!.steps.map((s) => s.text).join(' ')).toMatch(/MENU.*Administration.*1234.*Restore Defaults/);
    expect(guidesFor('audiocodes')[0]!.caution).toMatch(/not checked on a phone/);
  });
});

describe('support summary', () => {
  it('holds the facts the seed asks for and what ProvKit saw', () => {
    const text = supportSummary(
      e({ model: 'SPIP650', path: 'boot', watchStartedAt: T0, support: { lanPort: 'active', messages: 'Unable to contact boot server', extensionShown: 'no' } }),
      { typeLabel: 'HTTP', address: '72.245.184.168/mpv', watchable: false },
      { mac: '0004f2e5e001', requests: 3, errors: 0, inInventory: false, lastAddress: '10.0.0.23', firmware: '3.1.8' },
      undefined,
      T0 + 25 * 60_000,
    );
    for (const want of ['SPIP650', '00:04:f2:e5:e0:01', 'IP address:        10.0.0.23', 'LAN port status:   Active', 'Extension shown:   no', 'Time/date correct: not checked', '25 min since the restart', 'Unable to contact boot server', 'HTTP 72.245.184.168/mpv', 'cannot see requests'])
      expect(text).toContain(want);
  });
});
