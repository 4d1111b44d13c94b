/**
 * Handlers of the phones area (shared/api-phones.ts): discovery, reading phones, verified actions
 * (single and batch), admin passwords, syslog. Failures of phone actions come back as rows with a
 * typed error and its fix; reading requests (`phoneInfo`, `phoneGetProvisioning`) throw the typed
 * error (code + fix travel through the transport's error body).
 */
import type { ApiHandlers } from '../../../shared/api';
import type { PhonesRequestResults } from '../../../shared/api-phones';
import { PhoneRefusedError } from './phone-errors';
import type { PhoneService } from './phone-service';

type PhonesHandlers = Pick<ApiHandlers, keyof PhonesRequestResults>;

/**
 * Build the phones handlers.
 * @param engine the host's phone service (web-UI client, discovery, batches, passwords, syslog)
 * @returns one async function per request of the phones area
 */
export function createPhonesHandlers(engine: { phones: PhoneService }): PhonesHandlers {
  const phones = engine.phones;
  const opt = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    discoverPhones: async (a) => phones.discover(opt({ known: a.known, scan: a.scan, identify: a.identify, site: a.site })),
    listWebPhones: async () => phones.webPhones(),
    phoneInfo: async ({ target, site, dialect }) => phones.info(target, site, dialect),
    phoneGetProvisioning: async ({ target, site, dialect }) => phones.provisioning(target, site, dialect),
    phoneSetBootServer: async ({ target, settings, reboot, ...o }) => phones.single(opt({ kind: 'setBootServer' as const, target, settings, reboot, ...o })),
    phoneReboot: async ({ target, ...o }) => phones.single(opt({ kind: 'reboot' as const, target, ...o })),
    phoneRestart: async ({ target, ...o }) => phones.single(opt({ kind: 'restart' as const, target, ...o })),
    phoneFactoryReset: async ({ target, confirm, ...o }) => phones.single(opt({ kind: 'factoryReset' as const, target, confirmMac: confirm, ...o })),
    phoneCheckSync: async ({ target, sipPort }) => phones.single(opt({ kind: 'checkSync' as const, target, sipPort })),
    phoneBatchRun: async ({ action, targets, settings, concurrency, confirm, ...o }) => {
      if (action === 'factoryReset' && confirm !== `RESET ${targets.length} PHONES`) {
        throw new PhoneRefusedError(`${targets.length} phones`, 'a batch factory reset needs its confirmation', `Type RESET ${targets.length} PHONES to confirm: every selected phone loses its settings.`);
      }
      if (action === 'setBootServer' && !settings) throw new PhoneRefusedError(`${targets.length} phones`, 'no boot server settings given', 'Fill in the server type and address.');
      return phones.batch(action, targets, opt({ ...(settings ? { settings } : {}), ...o }), concurrency);
    },
    phoneBatchRetry: async ({ batchId }) => phones.batches.retry(batchId),
    phoneBatchGet: async ({ batchId }) => {
      const b = phones.batches.get(batchId);
      if (!b) throw Object.assign(new Error(`No batch ${batchId} (batches are kept until ProvKit restarts)`), { code: 'NOT_FOUND' });
      return b;
    },
    listPhoneActions: async ({ mac, limit }) => phones.actions(mac, limit),
    listPhoneCredentials: async () => phones.credentials.view(),
    addPhoneCredential: async ({ site, password }) => phones.credentials.add(site, password),
    removePhoneCredential: async ({ site, id }) => phones.credentials.remove(site, id),
    getSyslogStatus: async () => phones.syslog.status(),
    configureSyslog: async (a) => phones.configureSyslog(opt(a)),
    listSyslog: async ({ mac, limit }) => phones.syslog.list(mac, limit),
  };
}
