/**
 * The files of one boot ({@link BootFile}: one outcome per file and direction), packed in two flat
 * arrays per boot instead of a `Map` of one object per file. A boot holds about sixteen files and
 * ProvKit keeps the latest boot of every phone: as objects in a `Map` that was about 3.2 KB per
 * phone (object, boxed time, map entry), packed about 2 KB (heap snapshot after 5,000 phones). An
 * entry is found by a scan of the boot's few paths. Values read back are fresh objects: changing
 * one changes nothing stored.
 */
import type { Protocol } from '../../../shared/dto';
import type { FileKind } from '../../../shared/phone-identity';

/** The latest outcome of one file in a boot. */
export interface BootFile {
  /** As requested, without leading slashes. */
  path: string;
  kind: FileKind;
  direction: 'get' | 'head' | 'upload';
  /** HTTP method, FTP command or TFTP request of the latest one. */
  method: string;
  protocol: Protocol;
  status: number;
  ok: boolean;
  /** Requests of this file (this direction) in the boot. */
  count: number;
  /** Time of the latest one, ms since epoch. */
  time: number;
  error?: string;
}

const DIRECTIONS = ['get', 'head', 'upload'] as const;
/** References per entry: path, kind, method, protocol, error. */
const REFS = 5;
/** Numbers per entry: status, count, time, direction index + 4 when ok. */
const NUMS = 4;

/** The files of one boot, by direction and path; insertion order is kept. */
export class BootFiles {
  private readonly refs: Array<string | undefined> = [];
  private readonly nums: number[] = [];

  /** Number of files (one per direction and path). */
  get size(): number {
    return this.refs.length / REFS;
  }

  /**
   * Index of a file, or -1.
   * @param direction of the requests
   * @param path as requested, without leading slashes
   */
  indexOf(direction: BootFile['direction'], path: string): number {
    const d = DIRECTIONS.indexOf(direction);
    for (let i = 0, n = this.size; i < n; i++) if (this.refs[i * REFS] === path && this.nums[i * NUMS + 3]! % 4 === d) return i;
    return -1;
  }

  /**
   * The file at an index (a fresh object).
   * @throws RangeError for an index outside 0 … size - 1
   */
  at(i: number): BootFile {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`no file ${i} in a boot of ${this.size}`);
    const r = i * REFS;
    const n = i * NUMS;
    const code = this.nums[n + 3]!;
    const f: BootFile = {
      path: this.refs[r]!,
      kind: this.refs[r + 1] as FileKind,
      direction: DIRECTIONS[code % 4]!,
      method: this.refs[r + 2]!,
      protocol: this.refs[r + 3] as Protocol,
      status: this.nums[n]!,
      ok: code >= 4,
      count: this.nums[n + 1]!,
      time: this.nums[n + 2]!,
    };
    const error = this.refs[r + 4];
    if (error !== undefined) f.error = error;
    return f;
  }

  /**
   * Store a file's outcome: replaces the entry at `i`, or adds one when `i` is -1.
   * @returns its index
   * @throws RangeError for an index that is neither -1 nor an entry's
   */
  put(i: number, f: BootFile): number {
    if (!Number.isInteger(i) || i < -1 || i >= this.size) throw new RangeError(`no file ${i} to replace in a boot of ${this.size}`);
    const at = i < 0 ? this.size : i;
    const r = at * REFS;
    const n = at * NUMS;
    this.refs[r] = f.path;
    this.refs[r + 1] = f.kind;
    this.refs[r + 2] = f.method;
    this.refs[r + 3] = f.protocol;
    this.refs[r + 4] = f.error;
    this.nums[n] = f.status;
    this.nums[n + 1] = f.count;
    this.nums[n + 2] = f.time;
    this.nums[n + 3] = DIRECTIONS.indexOf(f.direction) + (f.ok ? 4 : 0);
    return at;
  }

  /** Add one to the request count of the file at `i` (a request older than its latest). */
  countOne(i: number): void {
    this.nums[i * NUMS + 1] = this.nums[i * NUMS + 1]! + 1;
  }

  /** Time of the latest request of the file at `i`, ms since epoch. */
  timeAt(i: number): number {
    return this.nums[i * NUMS + 2]!;
  }

  /** Requests counted for the file at `i`. */
  countAt(i: number): number {
    return this.nums[i * NUMS + 1]!;
  }

  /** Path of the file at `i`. */
  pathAt(i: number): string {
    return this.refs[i * REFS]!;
  }

  /** Every file (fresh objects), in the order first seen. */
  values(): BootFile[] {
    const out: BootFile[] = [];
    for (let i = 0, n = this.size; i < n; i++) out.push(this.at(i));
    return out;
  }

  /**
   * A file by its key (boot-verdict.ts `bootFileKey`: the path for a `get`, else the direction,
   * a NUL and the path), as a fresh object.
   */
  get(key: string): BootFile | undefined {
    const nul = key.indexOf('\u0000');
    const direction = (nul < 0 ? 'get' : key.slice(0, nul)) as BootFile['direction'];
    if (!DIRECTIONS.includes(direction)) return undefined;
    const i = this.indexOf(direction, nul < 0 ? key : key.slice(nul + 1));
    return i < 0 ? undefined : this.at(i);
  }
}
