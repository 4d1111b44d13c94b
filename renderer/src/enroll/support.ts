/**
 * The support summary a technician sends when a phone is still not working after twenty minutes:
 * the facts the MegaPath IP650/IP670 Enrollment Guide asks for (Troubleshooting: messages on the
 * screen, extension shown, time/date correct, model, MAC, LAN port status, IP address) plus what
 * ProvKit saw (the timeline). Plain text, to copy or save.
 */
import type { EnrollmentView } from '../../../shared/api-enroll';
import type { PhoneSummary } from '../../../shared/dto';
import { formatMac } from '../../../shared/mac';
import { formatBytes, formatDateTime } from '../format';
import type { ServerEntryInfo } from './target';
import type { WatchStatus } from './watch';

const TRI: Record<string, string> = { yes: 'yes', no: 'no', unknown: 'not checked' };

/**
 * Build the summary.
 * @param e the phone's wizard state (model, MAC, target, the facts the technician entered)
 * @param entry the Server Type / Address entered on the phone
 * @param phone what ProvKit knows of the phone (address, firmware), if seen
 * @param watch the watch verdict, when ProvKit could watch
 * @param now ms since epoch
 * @returns the summary as plain text lines
 */
export function supportSummary(e: EnrollmentView, entry: ServerEntryInfo | undefined, phone: PhoneSummary | undefined, watch: WatchStatus | undefined, now: number): string {
  const s = e.support ?? {};
  const minutes = e.watchStartedAt !== undefined ? Math.round((now - e.watchStartedAt) / 60_000) : undefined;
  const lines = [
    'Phone enrollment — support summary (ProvKit)',
    `Generated: ${formatDateTime(now)}`,
    '',
    `Phone model:       ${e.model ?? phone?.model ?? 'unknown'}`,
    `MAC address:       ${formatMac(e.mac)}`,
    `IP address:        ${s.ip || watch?.address || phone?.lastAddress || 'unknown'}`,
    `LAN port status:   ${s.lanPort ? { active: 'Active', inactive: 'not Active', unknown: 'not checked' }[s.lanPort] : 'not checked'}`,
    `Extension shown:   ${TRI[s.extensionShown ?? 'unknown']}`,
    `Time/date correct: ${TRI[s.timeCorrect ?? 'unknown']}`,
    `Firmware seen:     ${phone?.firmware ?? 'unknown'}`,
    `Boot server:       ${entry ? `${entry.typeLabel} ${entry.address}` : 'not chosen'}`,
    `Path followed:     ${e.path ?? 'not chosen'}${e.thirdParty ? ` (third-party phone; factory reset ${e.resetDone ? 'done' : 'NOT confirmed'})` : ''}`,
    `Waiting for:       ${minutes !== undefined ? `${minutes} min since the restart (${formatDateTime(e.watchStartedAt!)})` : 'not started'}`,
    '',
    'Messages on the screen:',
    ...(s.messages?.trim() ? s.messages.trim().split(/\r?\n/).map((l) => `  ${l}`) : ['  (none written down)']),
  ];
  if (watch) {
    lines.push('', 'What ProvKit saw:');
    for (const st of watch.stages) lines.push(`  ${st.label.padEnd(15)} ${st.state.padEnd(8)} ${st.at !== undefined ? formatDateTime(st.at) : ''}  ${st.detail}`);
    if (watch.firmware) {
      const f = watch.firmware;
      lines.push(`  Firmware ${f.file}: ${formatBytes(f.bytes)}${f.total !== undefined ? ` of ${formatBytes(f.total)}` : ''}${f.estimated ? ' (estimated)' : ''}`);
    }
    if (watch.problems.length) lines.push('', 'Errors:', ...watch.problems.map((p) => `  ${p}`));
    lines.push('', 'Timeline:', ...(watch.lines.length ? watch.lines.slice(-60).map((l) => `  ${formatDateTime(l.time)}  ${l.text}`) : ['  (no request from this phone reached ProvKit)']));
  } else if (entry && !entry.watchable) {
    lines.push('', `ProvKit cannot see requests to the provider’s server (${entry.address}).`);
  }
  return `${lines.join('\n')}\n`;
}
