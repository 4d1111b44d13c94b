/**
 * The enrollment area of the contract: wizard state per phone, kept by the engine in
 * `<data>/enrollments.json` so closing the app mid-enrollment resumes where it was (desktop and
 * headless alike), the automatic path through the phone web-UI client, and the firmware a phone
 * will download from ProvKit (for the watch view's ETA). Spread into shared/api.ts.
 * Procedures: MegaPath IP650/IP670 Enrollment Guide (docs/sources.md).
 */
import { z } from 'zod';
import { macSchema } from './mac-schema';

const mac = macSchema;

/** Wizard steps, in order. */
export const ENROLL_STEPS = ['target', 'identify', 'reset', 'path', 'keys', 'watch'] as const;
/** One wizard step. */
export type EnrollStep = (typeof ENROLL_STEPS)[number];

/** Where the phone is sent: ProvKit's own server, or a provider's boot server (e.g. `72.245.184.168/mpv` over HTTP). */
export const enrollTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('provkit'), server: z.enum(['http', 'https', 'ftp', 'tftp']) }),
  z.object({
    kind: z.literal('provider'),
    /** Provider name for people, e.g. `MegaPath Voice`. */
    name: z.string().max(80).optional(),
    type: z.enum(['http', 'https', 'ftp', 'tftp']),
    /** Host[:port][/path] as typed on the phone, e.g. `72.245.184.168/mpv`. */
    server: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[^\s]+$/, 'no spaces in a server address'),
    user: z.string().max(255).optional(),
    /** Id of a saved provider profile this target was copied from (inventory area), if any. */
    providerId: z.string().max(80).optional(),
    /** Id of the built-in provider preset the user picked (shared/enroll/provider-presets.ts), if any. */
    presetId: z.string().max(40).optional(),
  }),
]);
/** Where the phone is sent. */
export type EnrollTarget = z.infer<typeof enrollTargetSchema>;

const tri = z.enum(['yes', 'no', 'unknown']);

/** The wizard state of one phone. */
export const enrollmentSchema = z.object({
  mac,
  label: z.string().max(80).optional(),
  vendor: z.enum(['polycom', 'toshiba', 'iss', 'audiocodes']),
  /** Model code (`SPIP650`, `VVX400`, `IP5000`...). */
  model: z.string().max(40).optional(),
  /** Provided by a previous carrier or bought elsewhere: factory reset first (MegaPath guide, "Factory Reset"). */
  thirdParty: z.boolean().optional(),
  /** Does the technician know the admin password? `no` leads to the Lost password helper. */
  passwordKnown: z.enum(['yes', 'no']).optional(),
  resetMethod: z.enum(['polycom-menu', 'polycom-web', 'polycom-lost-password', 'toshiba-ip5000', 'iss-1', 'iss-2', 'audiocodes-menu']).optional(),
  resetDone: z.boolean().optional(),
  target: enrollTargetSchema.optional(),
  /**
   * "HTTP first, then HTTPS" (ProvKit's HTTP server as target): the phone's configuration carries the
   * bench CA and the move to ProvKit's HTTPS server; the watch waits for the phone to come back over HTTPS.
   */
  httpsFirst: z.boolean().optional(),
  /** `automatic` through the phone's web UI, or the MegaPath guide's keypad paths (Normal, Boot). */
  path: z.enum(['automatic', 'normal', 'boot']).optional(),
  /** Keypad procedure the user follows for the address (MegaPath, Genesys CIC or AltiGen guide); default from the target. */
  keypadProcedure: z.enum(['megapath', 'cic', 'altigen']).optional(),
  /** Phone web address for the automatic path (host or host:port); else ProvKit looks it up by MAC. */
  phoneHost: z.string().max(255).optional(),
  step: z.enum(ENROLL_STEPS),
  /** Ids of procedure steps the technician ticked. */
  ticks: z.array(z.string().max(40)).max(300),
  /** When the phone was told to restart (ms since epoch): the watch and the twenty-minute budget start here. */
  watchStartedAt: z.number().int().nonnegative().optional(),
  /**
   * When ProvKit saw the phone done: for ProvKit as target, the phone's requests after the change.
   * Never set from what a person says (see `seenWorkingAt`).
   */
  doneAt: z.number().int().nonnegative().optional(),
  /** When the technician said the phone works (a provider's server: ProvKit could not verify it). */
  seenWorkingAt: z.number().int().nonnegative().optional(),
  /** The last run of the automatic path and its evidence. */
  automatic: z
    .object({
      /** ms since epoch. */
      at: z.number().int().nonnegative(),
      /** `restarted`: the phone accepted the change, read it back and accepted the reboot; `failed`: it did not. */
      outcome: z.enum(['restarted', 'failed']),
      /** What the phone read back, e.g. `HTTP 72.245.184.168/mpv, boot server static`. */
      readBack: z.string().max(300).optional(),
      /** The phone's error and what to do, when it failed. */
      error: z.object({ code: z.string().max(40), message: z.string().max(1000), fix: z.string().max(1000).optional() }).optional(),
      /** Facts checked, in order. */
      steps: z.array(z.string().max(500)).max(20),
    })
    .optional(),
  /**
   * The last check of a phone sent to a provider, read from the phone itself: its boot server read
   * back and its line registration state (REST line info). `verified` only when both agree.
   */
  verification: z
    .object({
      /** ms since epoch. */
      at: z.number().int().nonnegative(),
      outcome: z.enum(['verified', 'not-verified']),
      /** What the phone read back, e.g. `HTTP 72.245.184.168/mpv`. */
      readBack: z.string().max(300).optional(),
      /** Each line as the phone reports it, e.g. `line 1 (6000): registered`. */
      lines: z.array(z.string().max(300)).max(48).optional(),
      /** Why it is not verified, and what to look at. */
      reason: z.string().max(1000).optional(),
    })
    .optional(),
  /** Facts for the support summary the technician read off the phone (MegaPath guide, Troubleshooting). */
  support: z
    .object({
      lanPort: z.enum(['active', 'inactive', 'unknown']).optional(),
      ip: z.string().max(64).optional(),
      messages: z.string().max(4000).optional(),
      extensionShown: tri.optional(),
      timeCorrect: tri.optional(),
    })
    .optional(),
});
/** The wizard state of one phone, as saved. */
export type Enrollment = z.infer<typeof enrollmentSchema>;

/** An enrollment as the UI sees it: timestamps added, the target password replaced by a flag. */
export type EnrollmentView = Enrollment & {
  /** ms since epoch. */
  createdAt: number;
  updatedAt: number;
  /** A provider password is stored (sealed) for the target. */
  targetHasPassword: boolean;
};

/** What the automatic path can do in this build. */
export interface EnrollCapabilities {
  automatic: { available: boolean; reason?: string };
}

/** Firmware a phone will download from ProvKit: the master's APP_FILE_PATH for its model and the file's size. */
export interface EnrollFirmware {
  /** Path relative to the provisioning root, e.g. `3111-46157-002.sip.ld`. */
  file: string;
  /** bytes; absent when the file is not in the root (the phone keeps its own firmware). */
  bytes?: number;
}

/** zod schemas of the enrollment area's requests. */
export const enrollRequestSchemas = {
  listEnrollments: z.object({}),
  /** Save one phone's wizard state. `targetPassword` is sealed at rest and never sent back; `clearTargetPassword` forgets it. */
  saveEnrollment: z.object({ enrollment: enrollmentSchema, targetPassword: z.string().max(255).optional(), clearTargetPassword: z.boolean().optional() }),
  /** Save several at once (a pasted list of MACs); existing phones keep their state unless `replace`. */
  addEnrollments: z.object({ enrollments: z.array(enrollmentSchema).min(1).max(500), replace: z.boolean().optional() }),
  removeEnrollment: z.object({ mac }),
  getEnrollCapabilities: z.object({}),
  /**
   * Automatic path: set the phone's boot server to the target through its web UI, read it back,
   * reboot it, start the watch. `adminPassword` is the phone's admin password typed in the wizard
   * (used once unless `rememberPassword` keeps it in the password store).
   */
  runEnrollAutomatic: z.object({ mac, adminPassword: z.string().min(1).max(64).optional(), rememberPassword: z.boolean().optional() }),
  getEnrollFirmware: z.object({ mac, model: z.string().max(40).optional() }),
  /**
   * A phone sent to a provider: read its boot server back and its lines' registration state from the
   * phone; "done" only when the read-back is the target and a line is registered.
   */
  verifyEnrollment: z.object({ mac, adminPassword: z.string().min(1).max(64).optional() }),
} as const;

/** Results of the enrollment area's requests. */
export interface EnrollRequestResults {
  listEnrollments: EnrollmentView[];
  saveEnrollment: EnrollmentView;
  addEnrollments: EnrollmentView[];
  removeEnrollment: { removed: boolean };
  getEnrollCapabilities: EnrollCapabilities;
  /** The phone restarted with the new boot server read back (a failure throws with the phone's error and its fix). */
  runEnrollAutomatic: { enrollment: EnrollmentView; steps: string[] };
  getEnrollFirmware: EnrollFirmware | null;
  verifyEnrollment: { enrollment: EnrollmentView };
}

/** Events of the enrollment area. */
export interface EnrollEvents {
  /** A phone's wizard state changed (saved from any window, or by the automatic path); `enrollment` absent = removed. */
  enrollment: { mac: string; enrollment?: EnrollmentView };
}

/** Names of the enrollment area's events. */
export const ENROLL_EVENT_NAMES = ['enrollment'] as const;
