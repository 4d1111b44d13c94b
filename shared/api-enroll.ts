/**
 * The enrollment area of the contract (issue #5): wizard state per phone, kept by the engine in
 * `<data>/enrollments.json` so closing the app mid-enrollment resumes where it was (desktop and
 * headless alike), the automatic path through the phone web-UI client (issue #4), and the firmware
 * a phone will download from ProvKit (for the watch view's ETA). Spread into shared/api.ts.
 * Procedures: seed `polycom-ip650-670-enrollment-guide.txt`; facts §3-4.
 */
import { z } from 'zod';

const mac = z.string().regex(/^[0-9a-f]{12}$/, 'a MAC as 12 lowercase hex digits');

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
    /** Host[:port][/path] as typed on the phone (facts §1), e.g. `72.245.184.168/mpv`. */
    server: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[^\s]+$/, 'no spaces in a server address'),
    user: z.string().max(255).optional(),
    /** Id of a saved provider profile this target was copied from (inventory area), if any. */
    providerId: z.string().max(80).optional(),
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
  /** Provided by a previous carrier or bought elsewhere: factory reset first (seed L41-48). */
  thirdParty: z.boolean().optional(),
  /** Does the technician know the admin password (seed L68-71)? `no` leads to the Lost password helper. */
  passwordKnown: z.enum(['yes', 'no']).optional(),
  resetMethod: z.enum(['polycom-menu', 'polycom-web', 'polycom-lost-password', 'toshiba-ip5000', 'iss-1', 'iss-2', 'audiocodes-menu']).optional(),
  resetDone: z.boolean().optional(),
  target: enrollTargetSchema.optional(),
  /** `automatic` through the phone's web UI, or the seed's keypad paths. */
  path: z.enum(['automatic', 'normal', 'boot']).optional(),
  /** Phone web address for the automatic path (host or host:port); else ProvKit looks it up by MAC. */
  phoneHost: z.string().max(255).optional(),
  step: z.enum(ENROLL_STEPS),
  /** Ids of procedure steps the technician ticked. */
  ticks: z.array(z.string().max(40)).max(300),
  /** When the phone was told to restart (ms since epoch): the watch and the twenty-minute budget start here. */
  watchStartedAt: z.number().int().nonnegative().optional(),
  /** When the watch saw (or the technician confirmed) the phone done. */
  doneAt: z.number().int().nonnegative().optional(),
  /** Facts for the support summary the technician read off the phone (seed L154-170). */
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
  /** Automatic path: set the phone's boot server to the target through its web UI, reboot it, start the watch. */
  runEnrollAutomatic: z.object({ mac }),
  getEnrollFirmware: z.object({ mac, model: z.string().max(40).optional() }),
} as const;

/** Results of the enrollment area's requests. */
export interface EnrollRequestResults {
  listEnrollments: EnrollmentView[];
  saveEnrollment: EnrollmentView;
  addEnrollments: EnrollmentView[];
  removeEnrollment: { removed: boolean };
  getEnrollCapabilities: EnrollCapabilities;
  runEnrollAutomatic: { enrollment: EnrollmentView; steps: string[] };
  getEnrollFirmware: EnrollFirmware | null;
}

/** Events of the enrollment area. */
export interface EnrollEvents {
  /** A phone's wizard state changed (saved from any window, or by the automatic path); `enrollment` absent = removed. */
  enrollment: { mac: string; enrollment?: EnrollmentView };
}

/** Names of the enrollment area's events. */
export const ENROLL_EVENT_NAMES = ['enrollment'] as const;
