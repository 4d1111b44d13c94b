/**
 * The engine's implementation of the enrollment area (shared/api-enroll.ts): wizard state per phone,
 * the automatic path through the phone web-UI client (./automatic.ts), and the firmware a
 * phone will fetch from ProvKit.
 * Sources: MegaPath IP650/IP670 Enrollment Guide, Normal path steps 7-9 (Boot Server = Static,
 * Server Type); Polycom UC Software Administrator Guide (master configuration `APP_FILE_PATH`,
 * per-model `APP_FILE_PATH_<MODEL>`; FTP factory account PlcmSpIp).
 */
import type { EnrollRequestResults, Enrollment, EnrollmentView } from '../../../shared/api-enroll';
import type { z } from 'zod';
import type { enrollRequestSchemas } from '../../../shared/api-enroll';
import type { ApiEvents } from '../../../shared/api';
import { wantsHttpsFirst } from '../../../shared/https-return';
import { actor, type InventoryHost } from '../inventory/handlers';
import { setHttpsBootstrap } from '../inventory/https-bootstrap';
import type { PhoneService } from '../phones/phone-service';
import type { RequestLog } from '../provisioning/request-log';
import { EnrollError, runAutomatic, type AutomaticOutcome } from './automatic';
import { bootServerSettings, type ServerStatusSource } from './boot-settings';
import { firmwareFor, type ServedFiles } from './enroll-firmware';
import type { EnrollmentStore } from './enroll-store';
import { verifyProvider } from './verify-provider';

/** What the enrollment handlers use of the host. */
export interface EnrollHost {
  /** Wizard state per phone. */
  enrollments: EnrollmentStore;
  /** The phone web-UI client (automatic path, verification). */
  phones: PhoneService;
  /** Where a phone was last seen. */
  requestLog: Pick<RequestLog, 'phone'>;
  /** ProvKit's servers, for the boot server a phone is sent to. */
  servers: ServerStatusSource;
  /** The provisioning root, for the firmware a phone would fetch. */
  resolver: ServedFiles;
  /** Announce a changed or removed enrollment. */
  emit(event: 'enrollment', payload: ApiEvents['enrollment']): void;
}

type Handlers = { [K in keyof typeof enrollRequestSchemas]: (args: z.output<(typeof enrollRequestSchemas)[K]>) => Promise<EnrollRequestResults[K]> };

/**
 * Build the enrollment handlers.
 * @param engine what they use of the host (enrollment store, phone client, servers, resolver,
 *   inventory for "HTTP first, then HTTPS", event bus)
 * @returns one async function per request of the enrollment area
 */
export function createEnrollHandlers(engine: EnrollHost & InventoryHost): Handlers {
  const store = engine.enrollments;
  const changed = (v: EnrollmentView): EnrollmentView => {
    engine.emit('enrollment', { mac: v.mac, enrollment: v });
    return v;
  };
  return {
    listEnrollments: async () => store.list(),
    saveEnrollment: async ({ enrollment, targetPassword, clearTargetPassword }) => {
      const before = wantsHttpsFirst(store.get(enrollment.mac));
      const saved = changed(await store.save(enrollment, { ...(targetPassword ? { targetPassword } : {}), ...(clearTargetPassword ? { clearTargetPassword } : {}) }));
      // The phone's configuration carries the bench CA only while the choice stands.
      const now = wantsHttpsFirst(saved);
      if (now !== before || now) await setHttpsBootstrap(engine, saved.mac, now, { ...(saved.model ? { model: saved.model } : {}), who: actor('enrollment wizard') });
      return saved;
    },
    addEnrollments: async ({ enrollments, replace }) => {
      const saved = (await store.saveMany(enrollments, { keepExisting: !replace })).map(changed);
      for (const e of saved) if (wantsHttpsFirst(e)) await setHttpsBootstrap(engine, e.mac, true, { ...(e.model ? { model: e.model } : {}), who: actor('enrollment wizard') });
      return saved;
    },
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
        const settings = bootServerSettings(engine.servers, current, store);
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
    getEnrollFirmware: async ({ mac, model }) => firmwareFor(engine.resolver, mac, model),
    verifyEnrollment: async ({ mac, adminPassword }) => {
      const current = store.get(mac);
      if (!current) throw new EnrollError('NOT_FOUND', `${mac} is not being enrolled.`, 'Add it on the Enroll page first.');
      if (!current.target) throw new EnrollError('NO_TARGET', `No target is chosen for ${mac}.`, 'Pick the target in the wizard’s first step.');
      const knownAddress = Boolean(engine.phones.directory.byMac(mac) ?? engine.requestLog.phone(mac)?.lastAddress);
      const verification = await verifyProvider(engine.phones, current, bootServerSettings(engine.servers, current, store), { ...(adminPassword ? { adminPassword } : {}), knownAddress });
      const { createdAt: _c, updatedAt: _u, targetHasPassword: _p, doneAt: _d, ...state } = current;
      const next: Enrollment = { ...state, verification, ...(verification.outcome === 'verified' ? { doneAt: verification.at } : {}) };
      return { enrollment: changed(await store.save(next)) };
    },
  };
}
