/**
 * The firmware area of the contract (issue #6): repository, upgrade plans, the bench upgrade
 * queue and its run report. Spread into shared/api.ts. Sizes bytes, times ms, rates bytes/s.
 */
import { z } from 'zod';
import { macInputSchema } from './mac-schema';
import type { FirmwareImportReport, FirmwareRepositoryView, QueuePhone, QueueView, RunReportRow, SeenPhone } from './firmware-dto';
import { outletMapSchema, powerConfigSchema, type PowerTestResult, type PowerView } from './firmware-power';
import type { UpgradePlan } from './firmware-rules';

const mac = macInputSchema;
const version = z.string().trim().min(1).max(40);
const control = z.enum(['manual', 'web']);

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
        .array(z.object({ mac, model: z.string().min(1).max(40), current: version, currentBootrom: version.optional(), target: version.optional(), host: z.string().max(255).optional(), outlet: z.number().int().min(0).max(4096).optional(), control: control.optional() }).strict())
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
      /** How phones are driven: by hand, or through their web UI with the site's admin passwords. */
      controller: control.optional(),
      site: z.string().max(64).optional(),
    })
    .strict(),
  firmwareQueuePause: z.object({ paused: z.boolean() }).strict(),
  firmwareQueueRetry: z.object({ mac }).strict(),
  firmwareQueueClear: z.object({}).strict(),
  firmwareReport: z.object({}).strict(),
  firmwareWriteReport: z.object({}).strict(),
  /** Phones seen by ProvKit (request log, DHCP sightings) for the queue's picker. */
  firmwareSeenPhones: z.object({}).strict(),
  /** Add seen phones with the model, version and address ProvKit saw. */
  firmwareQueueAddSeen: z.object({ macs: z.array(mac).min(1).max(1000), target: version.optional(), control: control.optional() }).strict(),
  /** The power-control settings. */
  firmwarePower: z.object({}).strict(),
  /** Set the power-control device (`config: null` = none) and, when given, the outlet map (MAC → outlet). */
  firmwareSetPower: z.object({ config: powerConfigSchema.nullable(), outlets: outletMapSchema.optional() }).strict(),
  /** List serial ports; probe the given (else saved) device, or power-cycle `outlet`. */
  firmwareTestPower: z.object({ config: powerConfigSchema.optional(), outlet: z.number().int().min(0).max(4096).optional() }).strict(),
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
  firmwareSeenPhones: SeenPhone[];
  firmwareQueueAddSeen: { added: QueuePhone[]; refused: Array<{ mac: string; reason: string }> };
  firmwarePower: PowerView;
  firmwareSetPower: PowerView;
  firmwareTestPower: PowerTestResult;
}

/** Events: a phone of the queue changed (state, progress); the queue changed (added, settings, paused). */
export interface FirmwareEvents {
  firmwareQueuePhone: QueuePhone;
  firmwareQueue: FirmwareQueueView;
}

/** Event names of the firmware area. */
export const FIRMWARE_EVENT_NAMES = ['firmwareQueuePhone', 'firmwareQueue'] as const;
