/**
 * What one FTP command did while it ran ({@link FtpCommandContext}), and what command handlers get
 * from the server that runs them ({@link CommandHost}).
 */
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../../logger';
import type { RequestRecord } from '../request-log';
import type { ProvisioningResolver, ResolvedFile } from '../resolver';
import type { FtpServerOptions } from './options';

/**
 * What one FTP command did, filled in while it runs and turned into a {@link RequestRecord} when it
 * ends. Times in ms since epoch, sizes in bytes.
 */
export interface FtpCommandContext {
  directive: string;
  /** Argument as sent (null when none). */
  arg: string | null;
  started: number;
  /** `/` + clean relative path once resolved, or the raw path when refused. */
  path?: string;
  source?: 'file' | 'rendered' | 'upload';
  bytesSent: number;
  bytesReceived: number;
  /** Last reply code sent on the control connection. */
  lastCode: number;
  /** Status to log instead of `lastCode` (e.g. 552 for an over-size upload). */
  statusOverride?: number;
  error?: string;
  /** A path or name was refused by policy. */
  refused: boolean;
  /** 150 was sent: data started flowing. */
  transferStarted: boolean;
  /** The data connection broke before the end of the data. */
  broken?: string;
  /** Log this command when it ends. */
  record: boolean;
  /** Counted in activeTransfers. */
  counted: boolean;
  /** Ends the command's entry in activeTransfers (set when counted). */
  endTracking?: () => void;
  finished: boolean;
  /** The file was not found (logged once per session and path, see Session.lastMissing). */
  missing?: boolean;
  /** Resolved file for RETR (from the pre-check). */
  file?: ResolvedFile;
  /** Streams to release when the command ends. */
  streams: Array<Readable | Writable>;
}

/** The commands that move data over a data connection (counted in activeTransfers). */
export const TRANSFER_COMMANDS = new Set(['RETR', 'STOR', 'LIST', 'NLST', 'MLSD']);

/**
 * A fresh context for a command that starts now.
 * @param directive the command verb (`RETR`)
 * @param arg its argument as sent, null when none
 * @returns the context: nothing sent, received, replied or refused yet
 */
export function newCommandContext(directive: string, arg: string | null): FtpCommandContext {
  return {
    directive,
    arg,
    started: Date.now(),
    bytesSent: 0,
    bytesReceived: 0,
    lastCode: 0,
    refused: false,
    transferStarted: false,
    record: false,
    counted: false,
    finished: false,
    streams: [],
  };
}

/** What command handlers need from the FtpProvisioningServer running them. */
export interface CommandHost {
  /** The provisioning root. */
  readonly resolver: ProvisioningResolver;
  /** Diagnostics. */
  readonly logger: Logger;
  /** @returns the options the server runs with (set from start() on) */
  options(): FtpServerOptions | undefined;
  /**
   * Count the command as a transfer in progress (at most once per command; `ctx.endTracking` ends it).
   * @param client the client's address, shown with the transfer
   */
  count(ctx: FtpCommandContext, client: string): void;
  /** Add a finished command's entry to the request log (never throws). */
  record(rec: RequestRecord): void;
}
