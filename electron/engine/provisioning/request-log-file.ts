/**
 * The request log's files: `requests.jsonl` is appended to; once it holds `maxLines` lines it
 * becomes `requests.1.jsonl` (replacing the one before) and a new file starts, so the two files
 * always hold the newest `maxLines` lines and nothing is ever rewritten (rewriting the whole log
 * every `maxLines/2` requests was a main-thread cost under load). Lines are written in batches,
 * at most one write per {@link RequestLogFile.FLUSH_MS}.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logger';

/** Appends JSON lines to the request log's file, rotating it at `maxLines`. */
export class RequestLogFile {
  private out: WriteStream | undefined;
  private linesInFile = 0;
  private rotating = false;
  private rotation: Promise<void> = Promise.resolve();
  /** Lines recorded while the file is being rotated, written once the new file is open. */
  private pending: string[] = [];
  /** Lines waiting for the next write. */
  private batch: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  /**
   * @param file the current file (`…/requests.jsonl`)
   * @param maxLines lines per file before it is rotated
   * @param logger where write and rotation failures go (they never throw)
   */
  constructor(
    private readonly file: string,
    private readonly maxLines: number,
    private readonly logger: Logger,
  ) {}

  /**
   * How long recorded lines may wait before they are written, ms: under load one write carries
   * hundreds of requests. A crash loses at most this much of the file (the events were already
   * shown live).
   */
  static readonly FLUSH_MS = 100;

  /**
   * Read both files (the previous one first, so lines come in order) and open the current one
   * for appending.
   * @returns the non-empty lines, oldest first
   * @throws the fs error when the folder cannot be created or a file cannot be read
   */
  async open(): Promise<string[]> {
    await mkdir(dirname(this.file), { recursive: true });
    const previous = await readIfThere(previousFile(this.file));
    const current = await readIfThere(this.file);
    this.linesInFile = nonEmptyLines(current).length;
    this.out = this.stream();
    return [...nonEmptyLines(previous), ...nonEmptyLines(current)];
  }

  /** Queue one line (JSON, no newline) for the next write; rotates the file when it is full. */
  append(json: string): void {
    const line = `${json}\n`;
    if (this.rotating) this.pending.push(line);
    else if (this.out) {
      this.batch.push(line);
      if (this.batch.length === 1) this.flushTimer = setTimeout(this.flush, RequestLogFile.FLUSH_MS);
      this.linesInFile++;
      if (this.linesInFile >= this.maxLines) this.rotation = this.rotate();
    }
  }

  /** Write the lines recorded since the last write. */
  readonly flush = (): void => {
    clearTimeout(this.flushTimer);
    if (!this.batch.length) return;
    const text = this.batch.join('');
    this.batch = [];
    this.out?.write(text);
  };

  /** Flush and close the file (after a rotation in progress). */
  async close(): Promise<void> {
    await this.rotation;
    this.flush();
    const out = this.out;
    this.out = undefined;
    if (out) await new Promise<void>((resolve) => out.end(resolve));
  }

  /**
   * The current file becomes the previous one (`requests.1.jsonl`) and a new file is started; lines
   * recorded meanwhile wait in `pending`. A failure is logged and appending goes on in the old file.
   */
  private async rotate(): Promise<void> {
    const old = this.out;
    if (!old) return;
    this.rotating = true;
    try {
      this.flush();
      await new Promise<void>((resolve) => old.end(resolve));
      await rename(this.file, previousFile(this.file));
      this.out = this.stream();
      this.linesInFile = 0;
    } catch (err) {
      this.logger.error(`cannot rotate request log: ${(err as Error).message}`, { file: this.file });
      this.out = this.stream();
    } finally {
      this.rotating = false;
      const lines = this.pending;
      this.pending = [];
      if (lines.length) this.out?.write(lines.join(''));
      this.linesInFile += lines.length;
    }
  }

  private stream(): WriteStream {
    const out = createWriteStream(this.file, { flags: 'a' });
    out.on('error', (err) => this.logger.error(`cannot write request log: ${(err as Error).message}`, { file: this.file }));
    return out;
  }
}

/** `requests.jsonl` → `requests.1.jsonl`. */
function previousFile(file: string): string {
  return file.endsWith('.jsonl') ? `${file.slice(0, -6)}.1.jsonl` : `${file}.1`;
}

/** A file's text, or '' when it does not exist. @throws other fs errors */
async function readIfThere(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
