/**
 * Upgrade rules for Polycom phones, as data, and the planner that applies them.
 * Sources: facts §5-§6 (../shared/reference/phone-provisioning-facts.md); CIC guide L1961-2111
 * (matrices, 64:16:7F rule, security minimums, EOL table); AltiGen guide "Supported Polycom IP
 * Phones" and Step 3 ("update the firmware version to 4.0.8.x, and then downgrade the firmware to
 * version 4.0.4.2906. During the upgrade process, the BootROM will be updated.").
 * Pure code, no Node.
 */
import { findPolycomModel } from './models';
import { compareVersions, inSeries, isFirmwareVersion, newestVersion, parseFirmwareVersion } from './firmware-version';

/** Which rule produced a step or a flag. */
export type RuleId = 'model' | 'target' | 'legacy-cap' | 'mac-64167f' | 'order' | 'altigen-bootrom-route' | 'bootrom-signed' | 'security' | 'up-to-date';

/** Product line a rule applies to. */
export type Line = 'VVX' | 'SoundPointIP' | 'SoundStationIP';

/** Minimum application for phones whose MAC starts `64:16:7F` (CIC guide L2042-2058, facts §5). */
export const MAC_64167F_MINIMUMS: Readonly<Record<Line, string>> = {
  SoundPointIP: '4.0.8.2058.I',
  SoundStationIP: '4.0.8.2058.I',
  VVX: '5.4.3.2036',
};

/** A security fix: phones on this line below `version` are exposed (CIC guide L1974-1997). */
export interface SecurityMinimum {
  version: string;
  lines: Line[];
  /** Versions this fix applies to (a 4.0.x fix says nothing about 3.x phones... they are older still). */
  series: string;
  advisory: string;
}

/** Security minimums from the CIC guide's "Security notices" (L1974-1997). */
export const SECURITY_MINIMUMS: readonly SecurityMinimum[] = [
  { version: '5.9.3.2857 Rev G', lines: ['VVX'], series: '5', advisory: 'remote code execution through the web management interface' },
  { version: '5.9.6.2327', lines: ['VVX'], series: '5', advisory: 'cross-site scripting and request forgery (XSS/CSRF) in the web interface' },
  { version: '4.0.14.1580', lines: ['SoundPointIP', 'SoundStationIP'], series: '4', advisory: 'remote code execution through the web management interface' },
  { version: '4.0.15.1009', lines: ['SoundPointIP', 'SoundStationIP'], series: '4', advisory: 'cross-site scripting and request forgery (XSS/CSRF) in the web interface' },
];

/** A legacy model and its last release (facts §6; CIC guide EOL table L2079-2086). */
export interface LegacyCap {
  code: string;
  line: Line;
  displayName: string;
  /** Release series the model cannot leave, e.g. `3.1`. */
  series: string;
  /** Last release of that series the sources name. */
  last: string;
}

/** Legacy models: no newer firmware exists for them. */
export const LEGACY_CAPS: readonly LegacyCap[] = [
  { code: 'SPIP300', line: 'SoundPointIP', displayName: 'SoundPoint IP 300', series: '2.1', last: '2.1.4' },
  { code: 'SPIP500', line: 'SoundPointIP', displayName: 'SoundPoint IP 500', series: '2.1', last: '2.1.4' },
  { code: 'SPIP301', line: 'SoundPointIP', displayName: 'SoundPoint IP 301', series: '3.1', last: '3.1.6' },
  { code: 'SPIP501', line: 'SoundPointIP', displayName: 'SoundPoint IP 501', series: '3.1', last: '3.1.6' },
  { code: 'SPIP600', line: 'SoundPointIP', displayName: 'SoundPoint IP 600', series: '3.1', last: '3.1.6' },
  { code: 'SPIP601', line: 'SoundPointIP', displayName: 'SoundPoint IP 601', series: '3.1', last: '3.1.6' },
  { code: 'SSIP4000', line: 'SoundStationIP', displayName: 'SoundStation IP 4000', series: '3.1', last: '3.1.6' },
  { code: 'SPIP320', line: 'SoundPointIP', displayName: 'SoundPoint IP 320', series: '3.2', last: '3.2.7' },
  { code: 'SPIP330', line: 'SoundPointIP', displayName: 'SoundPoint IP 330', series: '3.2', last: '3.2.7' },
  { code: 'SPIP430', line: 'SoundPointIP', displayName: 'SoundPoint IP 430', series: '3.2', last: '3.2.7' },
];

/** Target application version per model code. */
export type TargetTable = Readonly<Record<string, string>>;

/** The AltiGen MaxCS 8.5 matrix ("Supported Polycom IP Phones"): a preset target table. */
export const ALTIGEN_MAXCS_TARGETS: TargetTable = {
  ...Object.fromEntries(['VVX300', 'VVX310', 'VVX400', 'VVX410', 'VVX500', 'VVX600'].map((m) => [m, '5.4.2.6345'])),
  ...Object.fromEntries(['SPIP331', 'SPIP450', 'SPIP550', 'SPIP560', 'SPIP650', 'SPIP670'].map((m) => [m, '4.0.4.2906'])),
  SSIP6000: '4.0.8.1972',
  SSIP7000: '4.0.8.1972',
};

/** What the AltiGen route goes through and needs (AltiGen Step 3 and "Update Firmware..."). */
export const ALTIGEN_ROUTE = { via: '4.0.8', bootromMajor: 5, below: '4.0.8' } as const;

/** Input of {@link planUpgrade}. Versions are application versions unless named BootROM. */
export interface PlanRequest {
  /** Model code (`SPIP650`, `VVX400`, legacy `SPIP301`) or name. */
  model: string;
  /** MAC, 12 lowercase hex digits (any notation accepted). */
  mac: string;
  /** Application version on the phone now. */
  current: string;
  /** BootROM/Updater version on the phone now, when known. */
  currentBootrom?: string;
  /** Wanted application version; default: `targets[model]`, else the newest available. */
  target?: string;
  targets?: TargetTable;
  /** Application versions the repository holds for this model. */
  available?: string[];
  /** Wanted BootROM version (SIP 3.x phones with a separate bootrom.ld). */
  bootromTarget?: string;
}

/** One flash the phone must go through, with the reason in one sentence. */
export interface PlanStep {
  kind: 'bootrom' | 'application';
  version: string;
  why: string;
  rule: RuleId;
}

/** Something the technician should know about the plan. `error` = the plan cannot be run. */
export interface PlanFlag {
  rule: RuleId;
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** The plan for one phone. `to` is the application version it ends on (undefined when unknown). */
export interface UpgradePlan {
  model: string;
  mac: string;
  from: string;
  to?: string;
  steps: PlanStep[];
  flags: PlanFlag[];
}

function lineOf(model: string): { code: string; line: Line; legacy?: LegacyCap } | undefined {
  const key = model.replace(/[\s_-]/g, '').toUpperCase();
  const legacy = LEGACY_CAPS.find((l) => l.code === key || l.displayName.replace(/\s/g, '').toUpperCase() === key);
  if (legacy) return { code: legacy.code, line: legacy.line, legacy };
  const m = findPolycomModel(model);
  return m ? { code: m.code, line: m.family } : undefined;
}

const lt = (a: string, b: string) => compareVersions(a, b) < 0;

/**
 * Security advisories a version is exposed to on a product line.
 * @returns one sentence per advisory (empty when none applies)
 */
export function securityExposures(version: string, line: Line): string[] {
  const v = parseFirmwareVersion(version);
  if (!v) return [];
  return SECURITY_MINIMUMS.filter((s) => s.lines.includes(line) && String(v.nums[0]) === s.series && lt(version, s.version)).map(
    (s) => `${version} is below ${s.version}, which fixes ${s.advisory} (CIC guide "Security notices").`,
  );
}

/**
 * Plan the flashes that take one phone to its target, applying every rule in order: model known,
 * target, legacy cap, 64:16:7F minimum, BootROM route/order, then security flags on the result.
 * @returns steps (possibly none) and flags; never throws for bad input (an `error` flag says why)
 */
export function planUpgrade(req: PlanRequest): UpgradePlan {
  const mac = req.mac.replace(/[^0-9a-f]/gi, '').toLowerCase();
  const flags: PlanFlag[] = [];
  const steps: PlanStep[] = [];
  const plan = (to?: string): UpgradePlan => ({ model: req.model, mac, from: req.current, ...(to ? { to } : {}), steps, flags });
  const info = lineOf(req.model);
  if (!info) {
    flags.push({ rule: 'model', level: 'error', message: `Unknown Polycom model "${req.model}": add it to the model table or pick the model by hand.` });
    return plan();
  }
  if (!isFirmwareVersion(req.current)) {
    flags.push({ rule: 'model', level: 'error', message: `"${req.current}" is not a firmware version (read it from Status › Platform › Application or the User-Agent).` });
    return plan();
  }
  const available = (req.available ?? []).filter(isFirmwareVersion);
  let target = req.target ?? req.targets?.[info.code] ?? newestVersion(available);
  if (!target || !isFirmwareVersion(target)) {
    flags.push({ rule: 'target', level: 'error', message: `No target version for ${info.code}: import a firmware package or choose a target.` });
    return plan();
  }
  const from = req.target ? 'the version asked for' : req.targets?.[info.code] ? 'the target table' : 'the newest version in the repository';

  if (info.legacy && !inSeries(target, info.legacy.series)) {
    const capped = newestVersion(available.filter((v) => inSeries(v, info.legacy!.series))) ?? info.legacy.last;
    flags.push({ rule: 'legacy-cap', level: 'warning', message: `${info.legacy.displayName} is a legacy model whose last release is SIP ${info.legacy.series}.x, so the target ${target} is capped at ${capped}.` });
    target = capped;
  }
  const min = mac.startsWith('64167f') ? MAC_64167F_MINIMUMS[info.line] : undefined;
  if (min && !info.legacy && lt(target, min)) {
    flags.push({ rule: 'mac-64167f', level: 'warning', message: `MAC 64:16:7F… phones need ${min} or later (Genesys CIC Managed IP Phones guide, Polycom firmware requirements), so the target ${target} is raised to ${min}.` });
    target = min;
  }

  if (req.bootromTarget && req.currentBootrom && isFirmwareVersion(req.bootromTarget) && isFirmwareVersion(req.currentBootrom)) {
    const signedNow = compareVersions(req.currentBootrom, '3') >= 0;
    if (signedNow && lt(req.bootromTarget, '3')) {
      flags.push({ rule: 'bootrom-signed', level: 'error', message: `BootROM ${req.currentBootrom} is signed (3.x or later) and cannot go back to ${req.bootromTarget}.` });
      return plan(target);
    }
    if (compareVersions(req.currentBootrom, req.bootromTarget) !== 0) {
      steps.push({ kind: 'bootrom', version: req.bootromTarget, rule: 'order', why: `Flash BootROM ${req.bootromTarget} first: the phone loads bootrom.ld in its Updater stage before it fetches the application (Polycom UC Software Administrator Guide, boot sequence).` });
    }
  }

  const needsRoute =
    info.line === 'SoundPointIP' &&
    !info.legacy &&
    inSeries(target, '4.0') &&
    lt(target, ALTIGEN_ROUTE.below) &&
    (req.currentBootrom && isFirmwareVersion(req.currentBootrom)
      ? (parseFirmwareVersion(req.currentBootrom)!.nums[0] ?? 0) < ALTIGEN_ROUTE.bootromMajor
      : lt(req.current, '4.0'));
  if (needsRoute && !steps.length) {
    const via = newestVersion(available.filter((v) => inSeries(v, ALTIGEN_ROUTE.via)));
    if (!via) flags.push({ rule: 'altigen-bootrom-route', level: 'error', message: `The route to ${target} goes through 4.0.8.x: import a 4.0.8 package first.` });
    steps.push({ kind: 'application', version: via ?? '4.0.8', rule: 'altigen-bootrom-route', why: `Go up to ${via ?? '4.0.8.x'} first: its Updater replaces the BootROM with 5.x, which ${target} needs (AltiGen guide Step 3).` });
    steps.push({ kind: 'application', version: target, rule: 'altigen-bootrom-route', why: `Then go down to ${target}; the new BootROM stays (AltiGen guide Step 3: "up to 4.0.8, then down to 4.0.4").` });
  } else if (compareVersions(req.current, target) !== 0) {
    const dir = lt(req.current, target) ? 'Upgrade' : 'Downgrade';
    steps.push({ kind: 'application', version: target, rule: 'target', why: `${dir} the application from ${req.current} to ${target}, ${from} for ${info.code}.` });
  } else if (!steps.length) {
    flags.push({ rule: 'up-to-date', level: 'info', message: `Already on ${target}: nothing to flash.` });
  }
  if (available.length && !available.some((v) => compareVersions(v, target) === 0) && steps.some((s) => s.version === target)) {
    flags.push({ rule: 'target', level: 'error', message: `The repository has no ${target} image for ${info.code}: import its package first.` });
  }
  for (const m of securityExposures(target, info.line)) flags.push({ rule: 'security', level: 'warning', message: m });
  if (info.legacy) flags.push({ rule: 'security', level: 'info', message: `${info.legacy.displayName} gets no security fixes: keep its web interface off or the phone off untrusted networks.` });
  return plan(target);
}
