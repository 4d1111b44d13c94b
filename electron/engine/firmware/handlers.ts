/**
 * The engine's implementation of the firmware area (shared/api-firmware.ts): repository, plans,
 * the upgrade queue and its reports (electron/engine/firmware/).
 */
import type { z } from 'zod';
import type { FirmwareQueueView, FirmwareRequestResults, firmwareRequestSchemas } from '../../../shared/api-firmware';
import { planUpgrade } from '../../../shared/firmware-rules';
import type { FirmwareService } from './service';

type Handlers = { [K in keyof typeof firmwareRequestSchemas]: (args: z.output<(typeof firmwareRequestSchemas)[K]>) => Promise<FirmwareRequestResults[K]> };

/** The queue as the UI sees it. */
export function queueView(fw: FirmwareService): FirmwareQueueView {
  return { ...fw.queue.state, controller: fw.controllerKind, power: Boolean(fw.power.settings.config), finishing: fw.queue.finishing() };
}

/** Handlers of the firmware requests. */
export function createFirmwareHandlers(engine: { firmware: FirmwareService }): Handlers {
  const fw = () => engine.firmware;
  return {
    firmwareList: async () => fw().repo.view(),
    firmwareImport: async ({ path }) => fw().repo.importPath(path),
    firmwareSetActive: async ({ name, version }) => {
      await fw().repo.setActive(name, version);
      return fw().repo.view();
    },
    firmwareSetServed: async ({ model, version }) => {
      await fw().repo.setServed(model, version);
      return fw().repo.view();
    },
    firmwareDeleteVersion: async ({ version, kind }) => {
      await fw().deleteVersion(version, kind);
      return fw().repo.view();
    },
    firmwarePlan: async (a) => planUpgrade({ ...a, available: fw().repo.versionsFor(a.model) }),
    firmwareQueue: async () => queueView(fw()),
    firmwareQueueAdd: async ({ phones }) => fw().addPhones(phones),
    firmwareQueueConfigure: async (patch) => {
      fw().queue.configure(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
      return queueView(fw());
    },
    firmwareQueuePause: async ({ paused }) => {
      if (paused) fw().queue.pause();
      else fw().queue.resume();
      return queueView(fw());
    },
    firmwareQueueRetry: async ({ mac }) => fw().queue.retry(mac),
    firmwareQueueCancel: async ({ mac }) => fw().queue.cancel(mac),
    firmwareQueueRemove: async ({ mac }) => {
      fw().queue.remove(mac);
      return queueView(fw());
    },
    firmwareQueueClear: async () => {
      fw().queue.clearFinished();
      return queueView(fw());
    },
    firmwareReport: async () => fw().report(),
    firmwareWriteReport: async () => fw().writeReport(),
    firmwareSeenPhones: async () => fw().seen(),
    firmwareQueueAddSeen: async ({ macs, target, control, confirmDowngrade }) => fw().addSeen(macs, { ...(target ? { target } : {}), ...(control ? { control } : {}), ...(confirmDowngrade ? { confirmDowngrade } : {}) }),
    firmwarePower: async () => fw().power.settings,
    firmwareSetPower: async ({ config, outlets }) => {
      const view = await fw().power.set(config ?? undefined, outlets);
      fw().queue.changed(); // the queue view's `power` flag
      return view;
    },
    firmwareTestPower: async ({ config, outlet }) => fw().power.test(config, outlet),
  };
}
