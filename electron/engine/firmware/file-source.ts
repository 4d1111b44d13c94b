/**
 * The firmware repository as a provisioning file source (consulted by ProvisioningResolver after
 * the real root, before rendering): phones asking for `<part>.sip.ld`, `sip.ld`, `bootrom.ld` or
 * `<part>.bootrom.ld` get the active version of that name, or — when the upgrade queue assigned
 * the phone a version for its current step — that version; `sip.ver` states that version (as the
 * file of that name in a Polycom package does). Streams go through the shared
 * {@link TokenBucket} and report progress (bytes, rate) per transfer.
 * Source: docs/sources.md §1 steps 2 and 5 (names phones fetch), §6.
 */
import { EventEmitter } from 'node:events';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FirmwareImage } from '../../../shared/firmware-dto';
import { compareVersions } from '../../../shared/firmware-version';
import { parseUserAgent } from '../../../shared/phone-identity';
import type { FileSource, RequestContext, ResolvedFile } from '../provisioning/resolver';
import { servedName } from './image-names';
import type { FirmwareRepository } from './repository';
import type { TokenBucket } from './token-bucket';

/** What the queue wants a phone to get for its current step. */
export interface FirmwareAssignment {
  model: string;
  kind: FirmwareImage['kind'];
  version: string;
}

/** Progress of one firmware transfer (event `transfer`, at most every `progressMs`, and at the end). */
export interface FirmwareTransfer {
  mac?: string;
  client?: string;
  image: FirmwareImage;
  /** Bytes sent so far, and bytes this transfer will send (the range asked for). */
  bytes: number;
  size: number;
  startedAt: number;
  /** Average rate since the start, bytes/s. */
  rate: number;
  done: boolean;
}

const NAME = /^(?:\d{4}-\d{5}-\d{3}\.)?(?:sip|bootrom)\.ld$/i;

/**
 * Firmware file source. Events: `transfer` (FirmwareTransfer), `refused` ({ mac, reason }: an
 * active image not served because the phone runs a newer application).
 */
export class FirmwareFileSource extends EventEmitter implements FileSource {
  private readonly assignments = new Map<string, FirmwareAssignment>();

  /**
   * @param repo the repository
   * @param bucket the shared bandwidth cap
   * @param macFor who a request comes from (User-Agent `(SN:…)`, else the request log's address map)
   * @param progressMs least interval between progress events of one transfer
   */
  constructor(
    private readonly repo: FirmwareRepository,
    private readonly bucket: TokenBucket,
    private readonly macFor: (ctx: RequestContext | undefined) => string | undefined,
    private readonly progressMs = 250,
  ) {
    super();
    repo.onChange = () => this.onChange?.();
  }

  /** Set by the resolver (resolver.ts `FileSource.onChange`): told when {@link mayAnswer} may change. */
  onChange: (() => void) | undefined;

  /** Serve this phone `a` instead of the active version (until {@link unassign}). */
  assign(mac: string, a: FirmwareAssignment): void {
    this.assignments.set(mac, a);
    this.onChange?.();
  }

  /** Back to the active version for this phone. */
  unassign(mac: string): void {
    if (this.assignments.delete(mac)) this.onChange?.();
  }

  /** Application version each phone last ran (its Application-stage User-Agent, or its web UI). */
  private readonly running = new Map<string, string>();

  /** Note the application version a phone runs (request log: Application-stage User-Agent). */
  noteRunning(mac: string, version: string): void {
    this.running.set(mac, version);
  }

  /**
   * Why this phone is not served `image` although it is the active version: the phone runs a newer
   * application (serving it would downgrade a phone nobody asked to downgrade).
   * @returns the reason, or undefined when it may be served
   */
  private refusal(mac: string | undefined, image: FirmwareImage): string | undefined {
    const now = mac && image.kind === 'application' ? this.running.get(mac) : undefined;
    if (!now || compareVersions(image.version, now) >= 0) return undefined;
    return `not serving ${image.name} ${image.version} to ${mac}: it runs ${now}, so it would be downgraded. To go back on purpose, add it to the upgrade queue and confirm the downgrade; to upgrade it, serve a newer version (Firmware › Repository).`;
  }

  /**
   * Whether this source may answer `rel` (a clean relative path) to someone now (resolver.ts
   * `FileSource.mayAnswer`): only the firmware names (`sip.ld`, `bootrom.ld`, `<part>.sip.ld`,
   * ...) and `sip.ver`, and those only while the repository holds an image or a phone has an
   * assignment (else nobody gets them: see {@link pick}); a change of either calls {@link onChange}.
   */
  mayAnswer(rel: string): boolean {
    if (rel.toLowerCase() !== 'sip.ver' && (rel.includes('/') || !NAME.test(rel))) return false;
    return !this.repo.empty || this.assignments.size > 0;
  }

  /** The image a request gets, if any. */
  pick(rel: string, ctx?: RequestContext): { image: FirmwareImage; mac?: string } | undefined {
    if (rel.includes('/') || !NAME.test(rel)) return undefined;
    const name = rel.toLowerCase();
    const kind = name.endsWith('sip.ld') ? 'application' : 'bootrom';
    const mac = this.macFor(ctx);
    const a = mac ? this.assignments.get(mac) : undefined;
    const image = a && a.kind === kind ? this.repo.imageFor(a.model, kind, a.version) : this.repo.activeImage(name);
    if (!image) return undefined;
    const no = a ? undefined : this.refusal(mac, image);
    if (no) {
      this.emit('refused', { mac, reason: no });
      return undefined;
    }
    return { image, ...(mac ? { mac } : {}) };
  }

  /**
   * The version in `sip.ver` for this requester: the application version it would get (its
   * queue assignment, else the version served to its model, from the User-Agent), as the
   * `sip.ver` file of a Polycom package states it next to the images.
   * @returns undefined when none would be served
   */
  versionFileFor(ctx?: RequestContext): string | undefined {
    const mac = this.macFor(ctx);
    const a = mac ? this.assignments.get(mac) : undefined;
    if (a?.kind === 'application') return a.version;
    const model = parseUserAgent(ctx?.userAgent).model;
    return model ? this.repo.servedVersion(model) : this.repo.activeImage(servedName('application'))?.version;
  }

  async resolve(rel: string, ctx?: RequestContext): Promise<ResolvedFile | undefined> {
    if (rel.toLowerCase() === 'sip.ver') {
      const v = this.versionFileFor(ctx);
      if (!v) return undefined;
      const content = Buffer.from(`${v}\r\n`);
      return { source: 'rendered', content, size: content.length, mtimeMs: Date.now() };
    }
    const hit = this.pick(rel, ctx);
    if (!hit) return undefined;
    const path = this.repo.pathOf(hit.image);
    return {
      source: 'file',
      path,
      size: hit.image.size,
      mtimeMs: hit.image.importedAt,
      open: (start, end) => this.stream(path, hit.image, start, end, hit.mac, ctx?.client),
    };
  }

  private stream(path: string, image: FirmwareImage, start: number, end: number | undefined, mac?: string, client?: string): Readable {
    const t: FirmwareTransfer = { ...(mac ? { mac } : {}), ...(client ? { client } : {}), image, bytes: 0, size: (end ?? image.size - 1) - start + 1, startedAt: Date.now(), rate: 0, done: false };
    const src = createReadStream(path, { start, ...(end !== undefined ? { end } : {}), highWaterMark: 64 * 1024 });
    const bucket = this.bucket;
    const report = (force: boolean) => {
      const now = Date.now();
      if (!force && now - last < this.progressMs) return;
      last = now;
      t.rate = Math.round(t.bytes / Math.max(0.001, (now - t.startedAt) / 1000));
      this.emit('transfer', { ...t });
    };
    let last = 0;
    async function* throttled(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of src) {
          await bucket.take((chunk as Buffer).length);
          yield chunk as Buffer;
          t.bytes += (chunk as Buffer).length;
          report(false);
        }
      } finally {
        src.destroy();
        t.done = true;
        report(true);
      }
    }
    return Readable.from(throttled(), { objectMode: false });
  }
}
