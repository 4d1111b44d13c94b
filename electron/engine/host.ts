/**
 * The engine process's side of the desktop protocol (host-protocol.ts): creates the same
 * {@link Engine} headless mode uses, answers requests, forwards every event, and shuts down on
 * request. No `electron` import: the parent port is passed in (host-entry.ts passes
 * `process.parentPort`), so it is unit-tested with a fake port.
 */
import { isRequestName, parseRequestArgs, type ApiHandlers, type EventName } from '../../shared/api';
import { toErrorBody } from './api/error-body';
import { Engine, type EngineOptions } from './engine';
import { asHostRequest, type HostInit, type HostMessage } from './host-protocol';
import { keyCipher } from './secrets';

/** What the host needs from `process.parentPort`. */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: HostMessage): void;
}

/** The engine surface the host uses (an {@link Engine}; a fake in tests). */
export interface HostedEngine {
  readonly handlers: ApiHandlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  startEnabledServers(): Promise<unknown>;
  readonly servers: Record<string, { start(): Promise<unknown> }>;
  close(): Promise<void>;
}

/**
 * Engine options for an `init` message: desktop mode, the OS-keychain key as an `os` cipher.
 * @param init the init message's payload
 * @returns options for `Engine.create`
 * @throws SecretError when the key is not 32 bytes
 */
export function engineOptions(init: HostInit): EngineOptions {
  return {
    dataDir: init.dataDir,
    mode: 'desktop',
    lock: 'desktop',
    ...(init.resourcesDir ? { resourcesDir: init.resourcesDir } : {}),
    ...(init.secretKey ? { secretCipher: keyCipher(Buffer.from(init.secretKey, 'base64'), 'os') } : {}),
  };
}

/**
 * Serve the protocol on a parent port until `shutdown`.
 * @param port the parent port
 * @param create makes the engine (default `Engine.create`)
 * @param exit ends the process after `closed` (default `process.exit`)
 */
export function runEngineHost(
  port: ParentPortLike,
  create: (o: EngineOptions) => Promise<HostedEngine> = (o) => Engine.create(o) as unknown as Promise<HostedEngine>,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let engine: HostedEngine | undefined;
  let starting: Promise<HostedEngine | undefined> | undefined;

  const init = async (msg: HostInit): Promise<HostedEngine | undefined> => {
    try {
      const e = await create(engineOptions(msg));
      e.onEvent((event, payload) => port.postMessage({ type: 'event', event, payload }));
      engine = e;
      port.postMessage({ type: 'ready', pid: process.pid });
      for (const kind of msg.restartServers ?? []) await e.servers[kind]?.start().catch(() => {});
      await e.startEnabledServers().catch((err: unknown) => console.error('[engine] could not start the servers:', err));
      return e;
    } catch (err) {
      port.postMessage({ type: 'init-failed', error: toErrorBody(err).error });
      return undefined;
    }
  };

  const answer = async (id: number, name: string, args: unknown): Promise<void> => {
    const e = engine ?? (await starting);
    try {
      if (!e) throw Object.assign(new Error('The engine is not running.'), { code: 'ENGINE_DOWN' });
      if (!isRequestName(name)) throw Object.assign(new Error(`"${name}" is not a ProvKit request.`), { code: 'UNKNOWN_REQUEST' });
      const handler = e.handlers[name] as (a: unknown) => Promise<unknown>;
      port.postMessage({ type: 'response', id, result: await handler(parseRequestArgs(name, args)) });
    } catch (err) {
      port.postMessage({ type: 'response', id, error: toErrorBody(err).error });
    }
  };

  port.on('message', ({ data }) => {
    const msg = asHostRequest(data);
    if (!msg) return;
    if (msg.type === 'init') {
      starting ??= init(msg.init);
    } else if (msg.type === 'request') {
      void answer(msg.id, msg.name, msg.args);
    } else {
      void (async () => {
        const e = engine ?? (await starting);
        await e?.close().catch((err: unknown) => console.error('[engine] error while closing:', err));
        port.postMessage({ type: 'closed' });
        exit(0);
      })();
    }
  });
}
