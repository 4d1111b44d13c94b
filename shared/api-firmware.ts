/**
 * The firmware area of the contract (issue #6): repository, upgrade plans, the bench upgrade
 * queue and its run report. Spread into shared/api.ts. Sizes bytes, times ms, rates bytes/s.
 */
import { z } from 'zod';
import type { FirmwareImportReport, FirmwareRepositoryView, QueuePhone, QueueView, RunReportRow } from './firmware-dto';
import type { UpgradePlan } from './firmware-rules';

const mac = z.string().trim().min(12).max(17);
const version = z.string().trim().min(1).max(40);

/** Request argument schemas of the firmware area. */
export const firmwareRequestSchemas = {
  firmwareList: z.object({}).strict(),
  /** Import a zip package or a folder on the engine's machine. */
  firmwareImport: z.object({ path: z.string().min(1).max(4096) }).strict(),
  firmwareSetActive: z.object({ name: z.string().min(1).max(64), version }).strict(),
  firmwarePlan: z.object({ model: z.string().min(1).max(40), mac, current: version, currentBootrom: version.optional(), target: version.optional() }).strict(),
  firmwareQueue: z.object({}).strict(),
  firmwareQueueAdd: z
    .object({
      phones: z
        .array(z.object({ mac, model: z.string().min(1).max(40), current: version, currentBootrom: version.optional(), target: version.optional(), host: z.string().max(255).optional(), outlet: z.number().int().min(0).max(4096).optional() }).strict())
        .min(1)
        .max(1000),
    })
    .strict(),
  firmwareQueueConfigure: z
    .object({
      concurrency: z.number().int().min(1).max(100).optional(),
      bandwidthBytesPerSec: z.number().int().min(0).optional(),
      stepTimeoutMs: z.number().int().min(1000).max(24 * 3_600_000).optional(),
      retries: z.number().int().min(0).max(10).optional(),
      powerCycles: z.number().int().min(0).max(5).optional(),
      serverUrl: z.string().max(512).optional(),
    })
    .strict(),
  firmwareQueuePause: z.object({ paused: z.boolean() }).strict(),
  firmwareQueueRetry: z.object({ mac }).strict(),
  firmwareQueueClear: z.object({}).strict(),
  firmwareReport: z.object({}).strict(),
  firmwareWriteReport: z.object({}).strict(),
};

/** The queue with how phones are driven. */
export interface FirmwareQueueView extends QueueView {
  controller: 'manual' | 'web' | 'simulated';
  /** A power-control device is set up. */
  power: boolean;
}

/** Results of the firmware requests. */
export interface FirmwareRequestResults {
  firmwareList: FirmwareRepositoryView;
  firmwareImport: FirmwareImportReport;
  firmwareSetActive: FirmwareRepositoryView;
  firmwarePlan: UpgradePlan;
  firmwareQueue: FirmwareQueueView;
  firmwareQueueAdd: { added: QueuePhone[]; refused: Array<{ mac: string; reason: string }> };
  firmwareQueueConfigure: FirmwareQueueView;
  firmwareQueuePause: FirmwareQueueView;
  firmwareQueueRetry: QueuePhone;
  firmwareQueueClear: FirmwareQueueView;
  firmwareReport: { rows: RunReportRow[]; csv: string; text: string };
  firmwareWriteReport: { path: string };
}

/** Events: a phone of the queue changed (state, progress); the queue changed (added, settings, paused). */
export interface FirmwareEvents {
  firmwareQueuePhone: QueuePhone;
  firmwareQueue: FirmwareQueueView;
}

/** Event names of the firmware area. */
export const FIRMWARE_EVENT_NAMES = ['firmwareQueuePhone', 'firmwareQueue'] as const;
