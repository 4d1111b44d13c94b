/**
 * The ftp-srv 4.6.3 internals ProvKit touches (its bundled .d.ts does not describe them), and the
 * loading of its PassiveConnector class, which the package's entry point does not export.
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { Server, Socket } from 'node:net';

/** One parsed command line (ftp-srv `commands.parse()`). */
export interface FtpSrvCommand {
  directive: string;
  arg: string | null;
  flags: string[];
  raw: string;
}

/** ftp-srv's data connection connector (base, active or passive); `type` is false for none. */
export interface FtpSrvConnector {
  type: string | false;
  dataSocket: (Socket & { connected?: boolean }) | null;
  dataServer: Server | null;
  readonly socket: (Socket & { connected?: boolean }) | null;
  end(): void;
}

/** ftp-srv's passive connector: opens a data port in the configured range. */
export interface FtpSrvPassiveConnector extends FtpSrvConnector {
  setupServer(): PromiseLike<Server>;
}

/** One ftp-srv control connection. */
export interface FtpSrvConnection extends EventEmitter {
  id: string;
  readonly ip: string | undefined;
  commandSocket: Socket;
  connector: FtpSrvConnector;
  commands: { parse(line: string): FtpSrvCommand; handle(command: FtpSrvCommand): unknown };
  authenticated?: boolean;
  username?: string;
  restByteCount: number | undefined;
  reply(options: number | Record<string, unknown>, ...letters: unknown[]): PromiseLike<unknown>;
  close(code?: number, message?: string): PromiseLike<unknown>;
}

/** An ftp-srv server instance. */
export interface FtpSrvInstance extends EventEmitter {
  server: Server;
  connections: Record<string, FtpSrvConnection>;
  listen(): PromiseLike<unknown>;
  close(): PromiseLike<unknown>;
}

const requireCjs = createRequire(import.meta.url);
let passiveCtor: (new (connection: FtpSrvConnection) => FtpSrvPassiveConnector) | undefined;

/**
 * ftp-srv's passive connector class (`ftp-srv/src/connector/passive.js`, not exported by the
 * package's entry point), loaded once on first use.
 * @returns the constructor; throws when ftp-srv cannot be loaded
 */
export function PassiveConnector(): new (connection: FtpSrvConnection) => FtpSrvPassiveConnector {
  passiveCtor ??= requireCjs('ftp-srv/src/connector/passive.js') as new (connection: FtpSrvConnection) => FtpSrvPassiveConnector;
  return passiveCtor;
}
