/**
 * The engine's implementation of the enrollment area (shared/api-enroll.ts): wizard state per phone,
 * the automatic path through the phone web-UI client (./../enroll/automatic.ts), and the firmware a
 * phone will fetch from ProvKit.
 * Sources: MegaPath IP650/IP670 Enrollment Guide, Normal path steps 7-9 (Boot Server = Static,
 * Server Type); Polycom UC Software Administrator Guide (master configuration `APP_FILE_PATH`,
 * per-model `APP_FILE_PATH_<MODEL>`; FTP factory account PlcmSpIp).
 */
import type { EnrollFirmware, EnrollRequestResults, Enrollment, EnrollmentView } from '../../../shared/api-enroll';
import type { z } from 'zod';
import type { enrollRequestSchemas } from '../../../shared/api-enroll';
import type { Engine } from '../engine';
import { MasterConfigError, parseMaster } from '../provisioning/master-config';
import { findPolycomModel } from '../../../shared/models';
import { EnrollError, runAutomatic, type AutomaticOutcome, type BootSettings } from '../enroll/automatic';
import type { EnrollmentStore } from '../enroll/enroll-store';
import { verifyProvider } from '../enroll/verify-provider';

export { EnrollError };

type Handlers = { [K in keyof typeof enrollRequestSchemas]: (args: z.output<(typeof enrollRequestSchemas)[K]>) => Promise<EnrollRequestResults[K]> };

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
    getEnrollCapabilities: async () => ({ automatic: { available: true } }),
    runEnrollAutomatic: async ({ mac, adminPassword, rememberPassword }) => {
      const current = store.get(mac);
      if (!current) throw new EnrollError('NOT_FOUND', `${mac} is not being enrolled.`, 'Add it on the Enroll page first.');
      if (!current.target) throw new EnrollError('NO_TARGET', `No target is chosen for ${mac}.`, 'Pick the target in the wizard’s first step.');
      const knownAddress = Boolean(engine.phones.directory.byMac(mac) ?? engine.requestLog.phone(mac)?.lastAddress);
      let outcome: AutomaticOutcome;
      try {
        const settings = bootServerSettings(engine, current, store);
        outcome = await runAutomatic(engine.phones, current, settings, { ...(adminPassword ? { adminPassword } : {}), ...(rememberPassword ? { rememberPassword } : {}), knownAddress });
      } catch (err) {
        if (!(err instanceof EnrollError)) throw err;
        outcome = { at: Date.now(), outcome: 'failed', steps: [], error: { code: err.code, message: err.message, ...(err.fix ? { fix: err.fix } : {}) } };
      }
      const { createdAt: _c, updatedAt: _u, targetHasPassword: _p, ...state } = current;
      if (outcome.outcome === 'failed') {
        // Stay on the step: nothing is claimed; the error is kept so a reload shows it too.
        changed(await store.save({ ...state, path: 'automatic', automatic: outcome }));
        const err = outcome.error!;
        throw new EnrollError(err.code, err.message, err.fix);
      }
      const { doneAt: _d, seenWorkingAt: _s, ...rest } = state;
      const next: Enrollment = { ...rest, path: 'automatic', step: 'watch', watchStartedAt: outcome.at, automatic: outcome };
      const saved = changed(await store.save(next));
      return { enrollment: saved, steps: outcome.steps };
    },
    getEnrollFirmware: async ({ mac, model }) => firmwareFor(engine, mac, model),
    verifyEnrollment: async ({ mac, adminPassword }) => {
      const current = store.get(mac);
      if (!current) throw new EnrollError('NOT_FOUND', `${mac} is not being enrolled.`, 'Add it on the Enroll page first.');
      if (!current.target) throw new EnrollError('NO_TARGET', `No target is chosen for ${mac}.`, 'Pick the target in the wizard’s first step.');
      const knownAddress = Boolean(engine.phones.directory.byMac(mac) ?? engine.requestLog.phone(mac)?.lastAddress);
      const verification = await verifyProvider(engine.phones, current, bootServerSettings(engine, current, store), { ...(adminPassword ? { adminPassword } : {}), knownAddress });
      const { createdAt: _c, updatedAt: _u, targetHasPassword: _p, doneAt: _d, ...state } = current;
      const next: Enrollment = { ...state, verification, ...(verification.outcome === 'verified' ? { doneAt: verification.at } : {}) };
      return { enrollment: changed(await store.save(next)) };
    },
  };
}

/**
 * What the phone's Server Type / Address / User / Password become for a target.
 * ProvKit's own server: its boot URL without the scheme (host[:port][/path], as the phone's Server
 * Address field takes it); over FTP with the factory account, the phone's default `PlcmSpIp`
 * credentials. A provider's address is written as the user typed it, minus a scheme.
 * @throws EnrollError when ProvKit's server is not listening (with the fix)
 */
export function bootServerSettings(engine: Engine, e: EnrollmentView, store: EnrollmentStore): BootSettings {
  const t = e.target!;
  if (t.kind === 'provider') {
    const password = store.targetPassword(e.mac);
    return { type: t.type, server: t.server.replace(/^[a-z]+:\/\//i, ''), ...(t.user ? { user: t.user } : {}), ...(password ? { password } : {}), bootServer: 'static' };
  }
  const st = engine.servers[t.server].status();
  if (st.state !== 'listening' || !st.url) {
    throw new EnrollError('SERVER_DOWN', `ProvKit's ${t.server.toUpperCase()} server is not listening.`, 'Start it on the Servers page, then try again.');
  }
  const server = st.url.replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '');
  const factory = t.server === 'ftp' && st.options['factoryAccount'] === true;
  return { type: t.server, server, ...(factory ? { user: 'PlcmSpIp', password: 'PlcmSpIp' } : {}), bootServer: 'static' };
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
