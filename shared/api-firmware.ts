/**
 * The firmware area of the contract: repository, upgrade plans, the bench upgrade
 * queue and its run report. Spread into shared/api.ts. Sizes bytes, times ms, rates bytes/s.
 */
import { z } from 'zod';
import { macInputSchema } from './mac-schema';
import type { FirmwareImportReport, FirmwareRepositoryView, QueuePhone, QueueState, QueueView, RunReportRow, SeenPhone } from './firmware-dto';
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
  /** Serve `version` to a model (its split image, else the combined one); the queue's default target for it. */
  firmwareSetServed: z.object({ model: z.string().min(1).max(40), version }).strict(),
  /** Delete a version from the repository (refused while a queued phone still needs it). */
  firmwareDeleteVersion: z.object({ version, kind: z.enum(['application', 'bootrom']).optional() }).strict(),
  firmwarePlan: z.object({ model: z.string().min(1).max(40), mac, current: version, currentBootrom: version.optional(), target: version.optional() }).strict(),
  firmwareQueue: z.object({}).strict(),
  firmwareQueueAdd: z
    .object({
      phones: z
        .array(z.object({ mac, model: z.string().min(1).max(40), current: version, currentBootrom: version.optional(), target: version.optional(), host: z.string().max(255).optional(), outlet: z.number().int().min(0).max(4096).optional(), control: control.optional(), confirmDowngrade: z.boolean().optional() }).strict())
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
      /** "HTTP first, then HTTPS": give phones the bench CA, then watch each upgraded phone come back over HTTPS. */
      httpsAfter: z.boolean().optional(),
    })
    .strict(),
  firmwareQueuePause: z.object({ paused: z.boolean() }).strict(),
  firmwareQueueRetry: z.object({ mac }).strict(),
  /** Stop one phone (state `cancelled`); the others go on. */
  firmwareQueueCancel: z.object({ mac }).strict(),
  /** Take one phone out of the queue (cancelled first when running). */
  firmwareQueueRemove: z.object({ mac }).strict(),
  firmwareQueueClear: z.object({}).strict(),
  firmwareReport: z.object({}).strict(),
  firmwareWriteReport: z.object({}).strict(),
  /** Phones seen by ProvKit (request log, DHCP sightings) for the queue's picker. */
  firmwareSeenPhones: z.object({}).strict(),
  /** Add seen phones with the model, version and address ProvKit saw. */
  firmwareQueueAddSeen: z.object({ macs: z.array(mac).min(1).max(1000), target: version.optional(), control: control.optional(), confirmDowngrade: z.boolean().optional() }).strict(),
  /** The power-control settings. */
  firmwarePower: z.object({}).strict(),
  /** Set the power-control device (`config: null` = none) and, when given, the outlet map (MAC → outlet). */
  firmwareSetPower: z.object({ config: powerConfigSchema.nullable(), outlets: outletMapSchema.optional() }).strict(),
  /** List serial ports; probe the given (else saved) device, or power-cycle `outlet`. */
  firmwareTestPower: z.object({ config: powerConfigSchema.optional(), outlet: z.number().int().min(0).max(4096).optional() }).strict(),
};

/** A phone not added to the queue, and why; `confirm`: it is added when asked again with `confirmDowngrade`. */
export interface QueueRefusal {
  mac: string;
  reason: string;
  confirm?: true;
}

/** The queue with how phones are driven. */
export interface FirmwareQueueView extends QueueView {
  controller: 'manual' | 'web' | 'simulated';
  /** A power-control device is set up. */
  power: boolean;
  /** Phones still in a step (what a pause lets finish), with their state. */
  finishing: Array<{ mac: string; state: QueueState }>;
}

/** Results of the firmware requests. */
export interface FirmwareRequestResults {
  firmwareList: FirmwareRepositoryView;
  firmwareImport: FirmwareImportReport;
  firmwareSetActive: FirmwareRepositoryView;
  firmwareSetServed: FirmwareRepositoryView;
  firmwareDeleteVersion: FirmwareRepositoryView;
  firmwarePlan: UpgradePlan;
  firmwareQueue: FirmwareQueueView;
  firmwareQueueAdd: { added: QueuePhone[]; refused: QueueRefusal[] };
  firmwareQueueConfigure: FirmwareQueueView;
  firmwareQueuePause: FirmwareQueueView;
  firmwareQueueRetry: QueuePhone;
  firmwareQueueCancel: QueuePhone;
  firmwareQueueRemove: FirmwareQueueView;
  firmwareQueueClear: FirmwareQueueView;
  firmwareReport: { rows: RunReportRow[]; csv: string; text: string };
  /** Paths of the text summary and the CSV written under `<data>/firmware/reports/`. */
  firmwareWriteReport: { path: string; csv: string };
  firmwareSeenPhones: SeenPhone[];
  firmwareQueueAddSeen: { added: QueuePhone[]; refused: QueueRefusal[] };
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
