/**
 * The engine's implementation of the enrollment area (shared/api-enroll.ts): wizard state per phone,
 * the automatic path through the phone web-UI client of issue #4 (used through its contract request
 * `phoneSetBootServer` when this build has it), and the firmware a phone will fetch from ProvKit.
 * Sources: seed `polycom-ip650-670-enrollment-guide.txt` L75-77 (Boot Server = Static, Server Type),
 * facts §1 (master `APP_FILE_PATH`, per-model `APP_FILE_PATH_<MODEL>`; FTP factory account), §3.
 */
import type { EnrollFirmware, EnrollRequestResults, Enrollment, EnrollmentView } from '../../../shared/api-enroll';
import type { z } from 'zod';
import type { enrollRequestSchemas } from '../../../shared/api-enroll';
import type { Engine } from '../engine';
import { EnrollmentStore } from '../enroll/enroll-store';
import { MasterConfigError, parseMaster } from '../provisioning/master-config';
import { findPolycomModel } from '../../../shared/models';

type Handlers = { [K in keyof typeof enrollRequestSchemas]: (args: z.output<(typeof enrollRequestSchemas)[K]>) => Promise<EnrollRequestResults[K]> };

/** An error the UI shows with its fix (the transports pass `code`, `message`, `fix`). */
export class EnrollError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'EnrollError';
  }
}

/** The arguments ProvKit sends to issue #4's `phoneSetBootServer` (shared/api-phones.ts). */
interface SetBootServerArgs {
  target: { mac?: string; host?: string; port?: number };
  settings: { type: 'http' | 'https' | 'ftp' | 'tftp'; server: string; user?: string; password?: string; bootServer: 'static' };
  reboot: boolean;
  wait: boolean;
}
type SetBootServer = (args: SetBootServerArgs) => Promise<{ progress?: { step?: string; verified?: string[] } }>;

/** The automatic path's handler, when issue #4's client is in this build. */
function setBootServerHandler(engine: Engine): SetBootServer | undefined {
  const h = (engine.handlers as unknown as Record<string, unknown>)['phoneSetBootServer'];
  return typeof h === 'function' ? (h as SetBootServer) : undefined;
}

const UNAVAILABLE = 'This build has no phone web-UI client (issue #4), so ProvKit cannot set the boot server for you. Use the Normal or Boot path on the keypad.';

/**
 * Build the enrollment handlers over an engine.
 * @param engine the engine (its `enrollments` store, servers, resolver, event bus)
 * @returns one async function per request of the enrollment area
 */
export function createEnrollHandlers(engine: Engine): Handlers {
  const store = engine.enrollments;
  const changed = (v: EnrollmentView): EnrollmentView => {
    engine.emit('enrollment', { mac: v.mac, enrollment: v });
    return v;
  };
  return {
    listEnrollments: async () => store.list(),
    saveEnrollment: async ({ enrollment, targetPassword, clearTargetPassword }) =>
      changed(await store.save(enrollment, { ...(targetPassword ? { targetPassword } : {}), ...(clearTargetPassword ? { clearTargetPassword } : {}) })),
    addEnrollments: async ({ enrollments, replace }) => (await store.saveMany(enrollments, { keepExisting: !replace })).map(changed),
    removeEnrollment: async ({ mac }) => {
      const removed = await store.remove(mac);
      if (removed) engine.emit('enrollment', { mac });
      return { removed };
    },
    getEnrollCapabilities: async () => ({ automatic: setBootServerHandler(engine) ? { available: true } : { available: false, reason: UNAVAILABLE } }),
    runEnrollAutomatic: async ({ mac }) => {
      const run = setBootServerHandler(engine);
      if (!run) throw new EnrollError('UNAVAILABLE', UNAVAILABLE);
      const current = store.get(mac);
      if (!current?.target) throw new EnrollError('NO_TARGET', `No target is chosen for ${mac}.`, 'Pick the target in the wizard’s first step.');
      const settings = bootServerSettings(engine, current, store);
      const phone = phoneEndpoint(current);
      const result = await run({ target: phone ?? { mac }, settings, reboot: true, wait: false });
      const { createdAt: _c, updatedAt: _u, targetHasPassword: _p, ...state } = current;
      const next: Enrollment = { ...state, path: 'automatic', step: 'watch', watchStartedAt: Date.now() };
      const saved = changed(await store.save(next));
      return { enrollment: saved, steps: result.progress?.verified ?? (result.progress?.step ? [result.progress.step] : []) };
    },
    getEnrollFirmware: async ({ mac, model }) => firmwareFor(engine, mac, model),
  };
}

/**
 * What the phone's Server Type / Address / User / Password become for a target.
 * ProvKit's own server: its boot URL without the scheme (facts §1: host[:port][/path]); over FTP with
 * the factory account, the phone's default `PlcmSpIp` credentials.
 * @throws EnrollError when ProvKit's server is not listening (with the fix)
 */
export function bootServerSettings(engine: Engine, e: EnrollmentView, store: EnrollmentStore): SetBootServerArgs['settings'] {
  const t = e.target!;
  if (t.kind === 'provider') {
    const password = store.targetPassword(e.mac);
    return { type: t.type, server: t.server, ...(t.user ? { user: t.user } : {}), ...(password ? { password } : {}), bootServer: 'static' };
  }
  const st = engine.servers[t.server].status();
  if (st.state !== 'listening' || !st.url) {
    throw new EnrollError('SERVER_DOWN', `ProvKit's ${t.server.toUpperCase()} server is not listening.`, 'Start it on the Servers page, then try again.');
  }
  const server = st.url.replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '');
  const factory = t.server === 'ftp' && st.options['factoryAccount'] === true;
  return { type: t.server, server, ...(factory ? { user: 'PlcmSpIp', password: 'PlcmSpIp' } : {}), bootServer: 'static' };
}

function phoneEndpoint(e: EnrollmentView): { host: string; port?: number } | undefined {
  const raw = e.phoneHost?.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
  if (!raw) return undefined;
  const m = /^(.+?):(\d{1,5})$/.exec(raw);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: raw };
}

/**
 * The firmware a phone would download from ProvKit: read its master (`<mac>.cfg`, else
 * `000000000000.cfg`), take `APP_FILE_PATH_<MODEL>` or `APP_FILE_PATH` (see provisioning/master-config.ts)
 * and look the file up in the provisioning root.
 * @returns the file and its size in bytes (absent when not in the root); null when there is no
 *   master or it names no firmware, or names a full URL on another server
 */
export async function firmwareFor(engine: Engine, mac: string, model?: string): Promise<EnrollFirmware | null> {
  const master = (await engine.resolver.resolve(`${mac}.cfg`)) ?? (await engine.resolver.resolve('000000000000.cfg'));
  if (!master || master.size > 1024 * 1024) return null;
  const chunks: Buffer[] = [];
  for await (const c of engine.resolver.open(master)) chunks.push(c as Buffer);
  const xml = Buffer.concat(chunks).toString('utf8');
  let file: string;
  try {
    file = parseMaster(xml, model ? findPolycomModel(model) : undefined, mac).appFilePath;
  } catch (err) {
    if (err instanceof MasterConfigError) return null;
    throw err;
  }
  if (!file || /^[a-z]+:\/\//i.test(file)) return null;
  const found = await engine.resolver.resolve(file.replace(/^\/+/, ''));
  return found ? { file, bytes: found.size } : { file };
}
