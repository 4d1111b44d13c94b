/**
 * The real files of the provisioning root, looked up safely: a clean relative path (paths.ts) is
 * joined to the root and, once symbolic links are followed, must still lie inside it. Used by the
 * resolver (resolver.ts) and by the HTTP server's worker thread (http-front.ts), which answers
 * requests for real files itself.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { mkdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { currentTurn } from './event-turn';

/** What a path of the root is. Sizes in bytes, times in ms since epoch. */
export type RootEntry = { kind: 'file'; path: string; size: number; mtimeMs: number } | { kind: 'directory'; path: string };

/** Safe access to the files of one root folder. */
export class RootFiles {
  private rootReal: string | undefined;
  /** Plain names {@link lookup} found to be no file (missing, or a directory) in the turn `missTurn`. */
  private readonly misses = new Map<string, RootEntry | undefined>();
  private missTurn = -1;

  /** @param root the provisioning root (absolute) */
  constructor(readonly root: string) {}

  /**
   * Create the root folder if missing and note its real path.
   * @throws the fs error when it cannot be created
   */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    this.rootReal = await realpath(this.root);
  }

  /**
   * What `rel` is on disk.
   * @param rel clean relative path (`''` is the root)
   * @returns the file or directory, or undefined when there is nothing there, it is neither, or a
   *   link leads outside the root
   */
  async lookup(rel: string): Promise<RootEntry | undefined> {
    if (rel !== '' && !rel.includes('/')) {
      // A plain name in the root (what phones ask for nearly every time): one lstat answers,
      // without an exception for a missing file. Only a symbolic link needs the full check.
      const rootReal = this.rootReal ?? realpathSync(this.root);
      const abs = join(rootReal, rel);
      const st = lstatSync(abs, { throwIfNoEntry: false });
      if (!st) return this.missed(rel, undefined);
      if (st.isFile()) {
        if (this.misses.size) this.misses.delete(rel);
        return { kind: 'file', path: abs, size: st.size, mtimeMs: st.mtimeMs };
      }
      if (st.isDirectory()) return this.missed(rel, { kind: 'directory', path: abs });
      if (!st.isSymbolicLink()) return undefined;
    }
    const abs = await this.inside(rel);
    if (!abs) return undefined;
    try {
      const st = await stat(abs);
      if (st.isFile()) return { kind: 'file', path: abs, size: st.size, mtimeMs: st.mtimeMs };
      if (st.isDirectory()) return { kind: 'directory', path: abs };
    } catch {
      /* not there */
    }
    return undefined;
  }

  /**
   * What `rel` is when a {@link lookup} of it just found no file — the "is it a directory?" asked
   * to word a not-found answer. A plain name looked up earlier in the same event-loop turn is not
   * looked up again (the answer is as of that instant, like the requests a turn serves); a file
   * found is never remembered, so nothing is ever served from this.
   * @param rel clean relative path
   * @returns as {@link lookup}
   */
  async lookupAgain(rel: string): Promise<RootEntry | undefined> {
    if (this.missTurn === currentTurn() && this.misses.has(rel)) return this.misses.get(rel);
    return this.lookup(rel);
  }

  /** Remember a plain name that is no file for the rest of this event-loop turn (see lookupAgain). */
  private missed(rel: string, entry: RootEntry | undefined): RootEntry | undefined {
    const turn = currentTurn();
    if (turn !== this.missTurn || this.misses.size >= 1024) {
      this.misses.clear();
      this.missTurn = turn;
    }
    this.misses.set(rel, entry);
    return entry;
  }

  /**
   * Absolute path for `rel` if it stays inside the root after following symbolic links.
   * @returns the real path; the joined path when nothing exists there yet (a cleaned path cannot
   *   escape by itself); undefined when a link leads outside the root
   */
  async inside(rel: string): Promise<string | undefined> {
    const rootReal = this.rootReal ?? realpathSync(this.root);
    const abs = rel === '' ? this.root : join(this.root, ...rel.split('/'));
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      return abs;
    }
    return real === rootReal || real.startsWith(rootReal + sep) ? real : undefined;
  }
}
