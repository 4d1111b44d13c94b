/**
 * One FTP control connection (RFC 959 §5): the 220 greeting, the command loop (one command at a
 * time, in the order received), the login gate, the idle timeout, and the end of every command
 * (its entry in the request log).
 */
import type { CommandHost, FtpCommandContext } from './command-context';
import { newCommandContext, TRANSFER_COMMANDS } from './command-context';
import { readCommandLines } from './command-reader';
import { commandRecord } from './request-record';
import { closeWith, noteCommand, reply, type Session } from './session';

/**
 * Runs one command.
 * @param host the server (resolver, options, request log)
 * @param s the connection's session
 * @param arg the argument as sent (`''` when none)
 * @param ctx the command's context, filled in for the request log
 * @throws anything unexpected: the loop answers 451 (or 501 without argument) and logs it
 */
export type CommandHandler = (host: CommandHost, s: Session, arg: string, ctx: FtpCommandContext) => Promise<void>;

/** A command the server understands. */
export interface CommandSpec {
  run: CommandHandler;
  /** Accepted before login (USER, PASS, QUIT, FEAT, ...); every other command answers 530 then. */
  beforeLogin?: boolean;
}

/** A command line: a 3-4 letter verb, optionally one space and an argument (RFC 959 §5.3.1). */
const COMMAND_LINE = /^([A-Za-z]{3,4})(?: (.*))?$/;

/**
 * Serve a control connection: send the greeting and run its command lines until it closes.
 * @param host the server
 * @param s the connection's fresh session
 * @param commands the command table (verb in capitals → spec)
 * @param idleMs close the connection (421) when no command came for this long, ms; never during a
 *   transfer; 0 = never
 * @param onClose called once when the connection has closed and its last command is recorded
 */
export function serveControl(host: CommandHost, s: Session, commands: ReadonlyMap<string, CommandSpec>, idleMs: number, onClose: () => void): void {
  const socket = s.socket;
  // Replies are short lines: with Nagle on, 226 written while 150 is unacknowledged waits for the
  // client's delayed ACK (40 ms on Linux).
  socket.setNoDelay(true);
  socket.on('error', (err) => host.logger.debug(`FTP control connection from ${s.client}: ${err.message}`));
  socket.on('data', (chunk: Buffer) => readCommandLines(s, chunk, (line) => runLine(host, s, commands, line)));
  if (idleMs > 0) {
    socket.setTimeout(idleMs);
    socket.on('timeout', () => {
      const ctx = s.ctx;
      if (ctx && !ctx.finished && TRANSFER_COMMANDS.has(ctx.directive)) socket.setTimeout(idleMs);
      else void closeWith(s, 421, 'Idle timeout: closing the control connection');
    });
  }
  socket.once('close', () => {
    s.closed = true;
    const ctx = s.ctx;
    if (ctx && !ctx.finished && TRANSFER_COMMANDS.has(ctx.directive)) ctx.broken ??= 'the control connection closed during the transfer';
    s.abortTransfer?.();
    s.channel?.close();
    if (ctx && !ctx.finished) finishCommand(host, s, ctx);
    onClose();
  });
  void reply(s, 220, 'ProvKit provisioning server');
}

/** Run one command line; never rejects. */
async function runLine(host: CommandHost, s: Session, commands: ReadonlyMap<string, CommandSpec>, line: string): Promise<void> {
  if (s.closed) return;
  const m = COMMAND_LINE.exec(line.trimStart());
  if (!m) {
    noteCommand(s, '?', undefined, 500);
    await reply(s, 500, 'Syntax error, command unrecognized');
    return;
  }
  const verb = m[1]!.toUpperCase();
  const arg = m[2] ?? '';
  const spec = commands.get(verb);
  if (!spec || (!spec.beforeLogin && !s.authenticated)) {
    const code = spec ? 530 : 500;
    noteCommand(s, verb, arg, code);
    await reply(s, code, spec ? 'Please log in with USER and PASS first' : `${verb}: command not understood`);
    return;
  }
  const ctx = newCommandContext(verb, arg || null);
  s.ctx = ctx;
  try {
    await spec.run(host, s, arg, ctx);
  } catch (err) {
    const e = err as Error;
    host.logger.debug(`FTP command ${verb} failed: ${e?.message ?? String(e)}`, { client: s.client });
    ctx.error ??= e?.message;
    if (!ctx.lastCode) await reply(s, arg ? 451 : 501, arg ? 'Requested action aborted: local error' : 'Syntax error in parameters or arguments');
  } finally {
    finishCommand(host, s, ctx);
    if (s.ctx === ctx) s.ctx = undefined;
  }
}

/**
 * End a command: stop counting it as a transfer, release its streams, note it in the session's
 * history and record it in the request log when it should be (see commandRecord). Runs once.
 */
function finishCommand(host: CommandHost, s: Session, ctx: FtpCommandContext): void {
  if (ctx.finished) return;
  ctx.finished = true;
  ctx.endTracking?.();
  for (const st of ctx.streams) if (!st.destroyed) st.destroy();
  noteCommand(s, ctx.directive, ctx.arg, ctx.lastCode);
  const rec = commandRecord(s, ctx);
  if (rec) host.record(rec);
}
