/**
 * Data shapes of the firmware area (repository, upgrade queue, bench run report) shared by the
 * engine, the CLI and the renderer. Sizes in bytes, times in ms since the Unix epoch, durations ms.
 * Source: docs/sources.md §6.
 */
import type { PlanFlag, PlanStep } from './firmware-rules';

/** One stored firmware image. */
export interface FirmwareImage {
  /** Application or BootROM/Updater version, from `sip.ver`/`bootrom.ver` or the package name. */
  version: string;
  kind: 'application' | 'bootrom';
  /** Part number of a split image (`3111-46157-002`); undefined for a combined `sip.ld`/`bootrom.ld`. */
  part?: string;
  /** Model codes the image is for (every known model for a combined image). */
  models: string[];
  /** Name phones ask for: `<part>.sip.ld`, `sip.ld`, `<part>.bootrom.ld`, `bootrom.ld`. */
  name: string;
  /** Path under the firmware folder: `<version>/<name>` (BootROM: `bootrom-<version>/<name>`). */
  file: string;
  size: number;
  /** SHA-256, lowercase hex, computed while the image was imported. */
  sha256: string;
  importedAt: number;
  /** Package or folder it came from (base name). */
  source: string;
}

/** A file of a package that was not imported, and why. */
export interface SkippedFile {
  name: string;
  reason: string;
}

/** What an import did. */
export interface FirmwareImportReport {
  source: string;
  /** Images stored by this import. */
  imported: FirmwareImage[];
  /** Images that were already in the repository with the same checksum. */
  unchanged: FirmwareImage[];
  /** Files that are not firmware (release notes, configs, sounds) or not recognised. */
  skipped: SkippedFile[];
}

/** The repository as listed: images and the version served per name. */
export interface FirmwareRepositoryView {
  /** Folder holding `<version>/...`. */
  dir: string;
  images: FirmwareImage[];
  /** Served name (`3111-46157-002.sip.ld`, `sip.ld`) → active version. */
  active: Record<string, string>;
}

/**
 * States of a phone in the upgrade queue. `waiting-retry`: an attempt failed and the next one waits
 * for the back-off and for the phone to answer again; `held`: the queue is paused and this phone's
 * next step waits for Resume; `cancelled`: the technician stopped it.
 */
export type QueueState = 'queued' | 'pointing' | 'rebooting' | 'downloading' | 'flashing' | 'verifying' | 'power-cycling' | 'waiting-retry' | 'held' | 'done' | 'failed' | 'cancelled';

/** Terminal states. */
export const FINISHED_STATES: readonly QueueState[] = ['done', 'failed', 'cancelled'];

/** One attempt of one step of a phone's plan: when it ran, where it ended and why. */
export interface QueueAttempt {
  /** Attempt number of this step, from 1. */
  n: number;
  /** Index of the step in the plan, and the version it installs. */
  step: number;
  version: string;
  startedAt: number;
  endedAt?: number;
  outcome: 'running' | 'done' | 'failed' | 'cancelled';
  /** State the attempt was in when it ended (`verifying`, `pointing`...). */
  endState?: QueueState;
  /** The full cause of a failure (message and what to do). */
  cause?: string;
}

/** One line of a phone's queue history. */
export interface QueueHistoryEntry {
  at: number;
  state: QueueState;
  note: string;
}

/** A phone in the queue. */
export interface QueuePhone {
  mac: string;
  model: string;
  /** Address of the phone (its web UI), from the request log or a DHCP sighting, or typed:
   * `10.0.0.5`, `10.0.0.5:8080`, `https://10.0.0.5`. The web controller logs in there. */
  host?: string;
  /** How this phone is driven, when it differs from the run's setting (QueueSettings.controller). */
  control?: QueueControl;
  /** Power outlet (relay channel or switch port number), when power control is set up. */
  outlet?: number;
  /** Application version when added. */
  from: string;
  /** Version it should end on. */
  to?: string;
  steps: PlanStep[];
  flags: PlanFlag[];
  stepIndex: number;
  state: QueueState;
  /** When the current state was entered. */
  since: number;
  /** Attempt of the current step, from 1. */
  attempt: number;
  /** Power cycles in this attempt. */
  powerCycles: number;
  /** Firmware bytes sent in the current download, and the image size. */
  bytes: number;
  size: number;
  /** Current download rate, bytes/s. */
  rate: number;
  /** Version the phone reported last (User-Agent or web UI). */
  reported?: string;
  reason?: string;
  /** Whether `done` was confirmed by a reported version. */
  verified?: boolean;
  addedAt: number;
  startedAt?: number;
  finishedAt?: number;
  history: QueueHistoryEntry[];
  /** Every attempt of every step, oldest first (absent in queues saved by older versions). */
  attempts?: QueueAttempt[];
  /** `waiting-retry`: earliest start of the next attempt (back-off), ms since epoch. */
  retryAt?: number;
  /** `held`: why the step that waits for Resume starts. */
  heldWhy?: string;
  /** "HTTP first, then HTTPS" after the upgrade (QueueSettings.httpsAfter): whether the phone came back over HTTPS. */
  https?: QueueHttps;
}

/**
 * Whether an upgraded phone came back over HTTPS, on request evidence only (shared/https-return.ts):
 * `waiting` (nothing yet, or a configuration without the bench CA), `received` (the configuration with
 * the bench CA served over HTTP), `tls-failed` (a handshake from the phone failed: `note` says why
 * and what to do), `https` (a request over HTTPS seen), `not-verified` (the step timeout passed without one).
 */
export interface QueueHttps {
  state: 'waiting' | 'received' | 'tls-failed' | 'https' | 'not-verified';
  /** When this state was reached, ms since epoch. */
  at: number;
  note: string;
}

/**
 * How the queue points and reboots phones: `manual` (the technician does it on the phone; the queue
 * waits for its requests) or `web` (the phone's web UI / REST API, client, with the site's
 * admin passwords).
 */
export type QueueControl = 'manual' | 'web';

/** Queue settings (times in ms; bandwidth in bytes/s, 0 = no cap). */
export interface QueueSettings {
  /** How phones are driven unless a phone says otherwise. */
  controller: QueueControl;
  /** Admin-password site the web controller logs in with (Phones › Admin passwords); '' = default site. */
  site: string;
  concurrency: number;
  /** Total cap on firmware bytes/s served to the bench; 0 = none. */
  bandwidthBytesPerSec: number;
  /** Longest wait in any waiting state (the seeds' twenty minutes). */
  stepTimeoutMs: number;
  /** Extra attempts of a step after the first. */
  retries: number;
  /** Power cycles tried per attempt when a phone stops answering. */
  powerCycles: number;
  /** Boot server URL phones are pointed at (`http://10.0.0.5/`). */
  serverUrl: string;
  /**
   * "HTTP first, then HTTPS": phones' configurations carry the bench CA and the move to ProvKit's
   * HTTPS server; after the upgrade is verified each row waits for the phone over HTTPS. Off by default.
   */
  httpsAfter?: boolean;
}

/** The queue as the UI sees it. */
export interface QueueView {
  paused: boolean;
  settings: QueueSettings;
  phones: QueuePhone[];
  /** Run id (changes when a finished run is cleared). */
  runId: string;
}

/** One row of the finished-run report. */
export interface RunReportRow {
  model: string;
  mac: string;
  from: string;
  to: string;
  /** Version the phone reported at the end. */
  reported: string;
  durationMs: number;
  result: 'done' | 'failed' | 'cancelled' | 'pending';
  reason: string;
  /** Attempts made (all steps). */
  attempts: number;
  /** Firmware bytes sent to the phone in its last download. */
  bytes: number;
}

/**
 * A phone ProvKit has seen (request log or DHCP sighting) as the queue's picker lists it. `why`
 * says why it cannot be added as it is (model or version unknown); `queued` is its queue state.
 */
export interface SeenPhone {
  mac: string;
  /** Model code (`VVX400`), from the User-Agent, DHCP vendor class or inventory. */
  model?: string;
  /** Application version it reported last. */
  firmware?: string;
  /** Address it used last (request log) or was given (DHCP). */
  address?: string;
  /** Where ProvKit saw it: its requests, a DHCP sighting, or the network scan (its web UI). */
  source: 'requests' | 'dhcp' | 'scan';
  lastSeen?: number;
  label?: string;
  queued?: QueueState;
  why?: string;
}
