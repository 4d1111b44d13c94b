/**
 * Provider profiles for the hand-off ("server hop"): the production boot server a phone moves to
 * once it is provisioned and upgraded on the bench (docs/sources.md §3 "Redirect by config"; the enrollment
 * guide's HTTP `72.245.184.168/mpv`). Stored in `<data>/providers.json`, passwords sealed.
 * Loop detection: a profile that points back at this ProvKit is refused (a phone would be sent to
 * the server it is already on, or bounce between two servers).
 */
import { randomUUID } from 'node:crypto';
import type { ProvisioningTarget } from '../../../shared/dto';
import type { ProviderProfile, ProviderProfileView } from '../../../shared/inventory-types';
import { readJson, writeJsonAtomic } from '../atomic-file';
import { SecretStore } from '../secrets';

/** Thrown for a profile that cannot be saved (bad server, loop), with the fix. */
export class ProviderError extends Error {
  readonly code = 'PROVIDER';
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** Where this ProvKit serves: addresses of this computer and the ports its servers use. */
export interface SelfEndpoints {
  /** Every address of this machine (interfaces, loopback) and its host names, lowercase. */
  hosts: string[];
  /** Ports served per protocol (configured and bound). */
  ports: Partial<Record<ProvisioningTarget['type'], number[]>>;
}

const DEFAULT_PORTS: Record<ProvisioningTarget['type'], number> = { http: 80, https: 443, ftp: 21, tftp: 69 };

/**
 * Split a target's server into host, port and path. Accepts `host`, `host:port/path`, a URL with a
 * scheme and `user:pass@`, and bracketed IPv6 (docs/sources.md §1: "A server address may carry scheme,
 * credentials and path").
 * @returns lowercase host, port (the type's default when absent), path (may be empty)
 * @throws ProviderError when there is no host or the port is not 1-65535
 */
export function parseTargetServer(t: ProvisioningTarget): { host: string; port: number; path: string } {
  let s = t.server.trim().replace(/^[a-z]+:\/\//i, '');
  const at = s.lastIndexOf('@', s.indexOf('/') < 0 ? s.length : s.indexOf('/'));
  if (at >= 0) s = s.slice(at + 1);
  const slash = s.indexOf('/');
  const hostPort = slash < 0 ? s : s.slice(0, slash);
  const path = slash < 0 ? '' : s.slice(slash);
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort);
  if (!m || !m[1]) throw new ProviderError(`"${t.server}" has no host`, 'Write the server as host[:port][/path], e.g. 72.245.184.168/mpv');
  const port = m[2] ? Number(m[2]) : DEFAULT_PORTS[t.type];
  if (!(port >= 1 && port <= 65535)) throw new ProviderError(`"${t.server}" has port ${m[2]}, not 1-65535`);
  return { host: m[1].replace(/^\[|\]$/g, '').toLowerCase(), port, path };
}

/**
 * Would this target send phones back to this ProvKit?
 * @returns the reason when it would (a loop), undefined when it points elsewhere
 */
export function loopReason(t: ProvisioningTarget, self: SelfEndpoints): string | undefined {
  let where: ReturnType<typeof parseTargetServer>;
  try {
    where = parseTargetServer(t);
  } catch {
    return undefined;
  }
  const local = where.host === 'localhost' || /^127\./.test(where.host) || where.host === '::1' || where.host === '0.0.0.0' || self.hosts.includes(where.host);
  if (!local) return undefined;
  const ours = self.ports[t.type] ?? [];
  if (ours.length && !ours.includes(where.port)) return undefined;
  return `${t.type.toUpperCase()} ${where.host}:${where.port} is this ProvKit: phones would be redirected to the server they are already on`;
}

/** Provider profiles, persisted atomically. */
export class ProviderStore {
  private profiles = new Map<string, ProviderProfile>();
  /** Told synchronously whenever what it holds changes (before it is written to disk): the HTTP front's "not found" answers are voided (answer-revision.ts). */
  onChange: (() => void) | undefined;

  /**
   * @param file `<data>/providers.json`
   * @param secrets seals passwords
   * @param self where this ProvKit serves, read at every check
   */
  constructor(
    private readonly file: string,
    private readonly secrets: SecretStore,
    private readonly self: () => SelfEndpoints,
  ) {}

  /** Load profiles (missing file = none). @throws SyntaxError for invalid JSON */
  async load(): Promise<void> {
    const d = await readJson<{ providers?: ProviderProfile[] }>(this.file, {});
    this.profiles = new Map((d.providers ?? []).map((p) => [p.id, p]));
    this.onChange?.();
  }

  /** A profile with its password opened, for rendering; undefined when unknown or unreadable. */
  open(id: string, onProblem?: (m: string) => void): ProviderProfile | undefined {
    const p = this.profiles.get(id);
    if (!p || p.password === undefined) return p;
    try {
      return { ...p, password: this.secrets.open(p.password) };
    } catch (err) {
      onProblem?.(`provider "${p.name}" password cannot be opened: ${(err as Error).message}`);
      const { password: _pw, ...rest } = p;
      return rest;
    }
  }

  /** Whether a profile exists. */
  has(id: string): boolean {
    return this.profiles.has(id);
  }

  /** All profiles as the UI sees them (with any loop found now). */
  list(): ProviderProfileView[] {
    const self = this.self();
    return [...this.profiles.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ password, ...p }) => {
        const loop = loopReason(p, self);
        return { ...p, hasPassword: password !== undefined, ...(loop ? { loop } : {}) };
      });
  }

  /** Loop reason for a stored profile now (servers may have moved since it was saved). */
  loop(id: string): string | undefined {
    const p = this.profiles.get(id);
    return p ? loopReason(p, this.self()) : undefined;
  }

  /**
   * Add (no id) or change a profile. `password` undefined keeps the stored one; `null` clears it.
   * @returns the profile as the UI sees it
   * @throws ProviderError for an unparsable server or a loop back to this ProvKit
   */
  async save(input: Omit<ProviderProfile, 'id' | 'password'> & { id?: string; password?: string | null }): Promise<ProviderProfileView> {
    const id = input.id ?? randomUUID().slice(0, 8);
    const before = this.profiles.get(id);
    const target: ProvisioningTarget = { type: input.type, server: input.server.trim() };
    parseTargetServer(target);
    const loop = loopReason(target, this.self());
    if (loop) throw new ProviderError(`Refused: ${loop}.`, 'Enter the production server the phones should move to, not this computer.');
    const password = input.password === undefined ? before?.password : input.password === null ? undefined : this.secrets.seal(input.password);
    const profile: ProviderProfile = {
      id,
      name: input.name.trim() || target.server,
      ...target,
      ...(input.user ? { user: input.user } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(input.notes ? { notes: input.notes } : {}),
    };
    this.profiles.set(id, profile);
    await this.persist();
    return this.list().find((p) => p.id === id)!;
  }

  /** Add a profile for a per-phone target, reusing an identical one. @returns its id */
  async adopt(t: ProvisioningTarget): Promise<string> {
    const same = [...this.profiles.values()].find((p) => p.type === t.type && p.server === t.server && p.user === t.user);
    if (same) return same.id;
    const id = randomUUID().slice(0, 8);
    const password = t.password === undefined ? undefined : SecretStore.isSealed(t.password) ? t.password : this.secrets.seal(t.password);
    this.profiles.set(id, { id, name: t.server, type: t.type, server: t.server, ...(t.user ? { user: t.user } : {}), ...(password ? { password } : {}) });
    await this.persist();
    return id;
  }

  /** Remove a profile. @returns whether it existed */
  async remove(id: string): Promise<boolean> {
    const had = this.profiles.delete(id);
    if (had) await this.persist();
    return had;
  }

  private async persist(): Promise<void> {
    this.onChange?.();
    await writeJsonAtomic(this.file, { version: 1, providers: [...this.profiles.values()] });
  }
}

/**
 * The URL form of a target for vendors that take one (AudioCodes `provisioning/configuration/url`,
 * Yealink `static.auto_provision.server.url`): `http://72.245.184.168/mpv/`.
 */
export function targetUrl(t: ProvisioningTarget): string {
  const s = t.server.trim().replace(/^[a-z]+:\/\//i, '');
  return `${t.type}://${s}${s.endsWith('/') ? '' : '/'}`;
}
