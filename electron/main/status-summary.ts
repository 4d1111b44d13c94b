/**
 * What the tray and desktop notifications say, from engine events. Pure functions and a small
 * state machine, unit-tested without Electron.
 */
import type { EventName } from '../../shared/api';
import type { EnrollmentView } from '../../shared/api-enroll';
import type { EngineProcessStatus } from '../../shared/api-desktop';
import type { PhoneSummary, ServerStatus } from '../../shared/dto';

/**
 * One line per server for the tray tooltip and menu.
 * @param servers latest status per kind
 * @param engine the engine process state: while it is not running, the last statuses are not
 *   claimed as current (`HTTP: unknown — engine not connected`)
 * @returns e.g. `HTTP: listening on 10.0.0.5:80`, `FTP: not running — Port 21 needs admin rights…`, `TFTP: off`
 */
export function serverLines(servers: ServerStatus[], engine?: EngineProcessStatus): string[] {
  return servers.map((s) => {
    const name = s.kind.toUpperCase();
    if (engine && engine.state !== 'running') return `${name}: unknown — engine not connected`;
    if (s.state === 'listening') return `${name}: listening on ${s.bind}:${s.boundPort ?? s.port}${s.activeTransfers ? ` (${s.activeTransfers} transfers)` : ''}`;
    if (s.state === 'error') return `${name}: not running — ${s.error?.message ?? 'error'}`;
    if (s.state === 'starting') return `${name}: starting…`;
    return `${name}: off`;
  });
}

/**
 * The tray tooltip.
 * @param servers latest statuses
 * @param engine the engine process state (desktop relay)
 * @returns `ProvKit` and one line per server; the engine state first when it is not running
 */
export function trayTooltip(servers: ServerStatus[], engine?: EngineProcessStatus): string {
  const head = engine && engine.state !== 'running' ? [`ProvKit — engine ${engine.state}`] : ['ProvKit'];
  return [...head, ...serverLines(servers, engine)].join('\n');
}

/** A desktop notification to show. */
export interface NoticeText {
  title: string;
  body: string;
}

/**
 * Decides, from the engine's events, when to tell the technician a phone finished or failed:
 * - `enrollment` whose `doneAt` appears: "<phone> finished";
 * - `phone` whose error count grows: "<phone> failed a request" (at most once per phone per
 *   `quietMs`, so a phone retrying a missing file does not flood the screen);
 * - `engine` leaving `running`: the engine stopped (and when it gave up).
 */
export class PhoneNotifier {
  private readonly errors = new Map<string, number>();
  private readonly lastFailNotice = new Map<string, number>();
  private readonly done = new Set<string>();

  constructor(
    private readonly quietMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Feed one engine event.
   * @returns the notification to show, or undefined
   */
  onEvent(event: EventName, payload: unknown): NoticeText | undefined {
    if (event === 'enrollment') return this.enrollment(payload as { mac: string; enrollment?: EnrollmentView });
    if (event === 'phone') return this.phone(payload as PhoneSummary);
    if (event === 'engine') {
      const s = payload as EngineProcessStatus;
      if (s.state === 'restarting') return { title: 'ProvKit engine restarting', body: `${s.message ?? 'It stopped unexpectedly.'} Servers come back by themselves.` };
      if (s.state === 'failed') return { title: 'ProvKit engine stopped', body: s.message ?? 'Quit and start ProvKit again.' };
    }
    return undefined;
  }

  private enrollment(p: { mac: string; enrollment?: EnrollmentView }): NoticeText | undefined {
    if (!p?.mac) return undefined;
    if (!p.enrollment?.doneAt) {
      this.done.delete(p.mac);
      return undefined;
    }
    if (this.done.has(p.mac)) return undefined;
    this.done.add(p.mac);
    return { title: 'Phone finished', body: `${name(p.mac, p.enrollment.label)} is provisioned (${p.enrollment.model ?? p.enrollment.vendor}).` };
  }

  private phone(p: PhoneSummary): NoticeText | undefined {
    if (!p?.mac || typeof p.errors !== 'number') return undefined;
    const before = this.errors.get(p.mac) ?? 0;
    this.errors.set(p.mac, p.errors);
    if (p.errors <= before) return undefined;
    const t = this.now();
    const last = this.lastFailNotice.get(p.mac);
    if (last !== undefined && t - last < this.quietMs) return undefined;
    this.lastFailNotice.set(p.mac, t);
    const what = p.lastPath ? `${p.lastProtocol ? `${p.lastProtocol.toUpperCase()} ` : ''}${p.lastPath}${p.lastStatus ? ` → ${p.lastStatus}` : ''}` : 'a request';
    return { title: 'Phone failed a request', body: `${name(p.mac, p.label)}: ${what}. Open its timeline in ProvKit.` };
  }
}

function name(mac: string, label?: string): string {
  const pretty = mac.match(/.{2}/g)?.join(':') ?? mac;
  return label ? `${label} (${pretty})` : pretty;
}
