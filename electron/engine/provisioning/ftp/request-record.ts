/**
 * The request log entry of a finished FTP command.
 */
import type { RequestRecord } from '../request-log';
import { TRANSFER_COMMANDS, type FtpCommandContext } from './command-context';
import type { Session } from './session';

/** Window in which repeated not-found probes (SIZE, MDTM, RETR) of one path log once, ms. */
const MISSING_DEDUP_MS = 5000;

/**
 * The {@link RequestRecord} of a command that has ended, when it should be logged: transfers,
 * refusals and failed logins are; a not-found path already logged by the same session within 5 s
 * is not (SIZE + MDTM + RETR of one missing file log once). A transfer that broke or never got
 * its 226, or a command that got no reply at all, is logged as 426.
 * @param s the connection's session (its `lastMissing` is updated)
 * @param ctx the finished command
 * @returns the record, or undefined when the command is not logged
 */
export function commandRecord(s: Session, ctx: FtpCommandContext): RequestRecord | undefined {
  if (!ctx.record && !ctx.refused) return undefined;
  const path = ctx.path ?? '/';
  if (ctx.missing && !ctx.refused) {
    if (s.lastMissing?.path === path && ctx.started - s.lastMissing.time < MISSING_DEDUP_MS) return undefined;
    s.lastMissing = { path, time: ctx.started };
  } else s.lastMissing = undefined;
  let status = ctx.statusOverride ?? ctx.lastCode;
  let error = ctx.error;
  if (ctx.broken) {
    status = 426;
    error = ctx.broken;
  } else if (TRANSFER_COMMANDS.has(ctx.directive) && ctx.transferStarted && status !== 226 && ctx.statusOverride === undefined) {
    status = 426;
    error ??= 'transfer aborted';
  } else if (status === 0) {
    status = 426;
    error ??= 'the control connection closed before a reply';
  }
  return {
    time: ctx.started,
    protocol: 'ftp',
    client: s.client,
    method: ctx.directive,
    path,
    status,
    bytesSent: ctx.bytesSent,
    bytesReceived: ctx.bytesReceived,
    durationMs: Date.now() - ctx.started,
    // One control connection = one phone: lets the log attribute MAC-less requests (sip.ld).
    session: s.id,
    ...(ctx.source ? { source: ctx.source } : {}),
    ...(error && status >= 400 ? { error } : {}),
    commands: s.commands.slice(),
  };
}
