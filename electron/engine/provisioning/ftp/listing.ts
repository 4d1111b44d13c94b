/**
 * Directory listings as FTP clients read them: LIST in the `ls -l` form every client parses
 * (RFC 959 leaves LIST's format to the server), NLST as bare names (RFC 959 §4.1.3), MLSD/MLST
 * facts (RFC 3659 §7), and the MDTM time value (RFC 3659 §2.3). Every entry is read-only and
 * owned by `ftp`: the provisioning root cannot be changed over FTP.
 */
import type { DirEntry } from '../resolver';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `ls -l` shows a time of day for entries newer than about six months, else the year. */
const RECENT_MS = 180 * 24 * 3600 * 1000;

/**
 * One LIST line, `ls -l` style: `-r--r--r-- 1 ftp ftp         1234 Dec  6 21:10 name` (UTC).
 * @param e the entry (size in bytes, mtime ms since epoch)
 * @param now the current time, ms since epoch (decides time of day or year)
 * @returns the line without its CRLF
 */
export function listLine(e: DirEntry, now = Date.now()): string {
  const d = new Date(e.mtimeMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const when = Math.abs(now - e.mtimeMs) < RECENT_MS ? `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}` : ` ${d.getUTCFullYear()}`;
  const mode = e.isDirectory ? 'dr-xr-xr-x' : '-r--r--r--';
  return `${mode} 1 ftp ftp ${String(e.size).padStart(12)} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${when} ${e.name}`;
}

/**
 * MLSD/MLST facts of an entry (RFC 3659 §7): `type=file;size=1234;modify=20261206211000;perm=r;`
 * (folders: `type=dir;modify=…;perm=el;`), followed by a space and the name.
 * @param e the entry
 * @param name the name or path to show (default the entry's name)
 * @returns the fact line without leading space or CRLF
 */
export function mlsxLine(e: DirEntry, name = e.name): string {
  const facts = e.isDirectory ? `type=dir;modify=${mdtmValue(e.mtimeMs)};perm=el;` : `type=file;size=${e.size};modify=${mdtmValue(e.mtimeMs)};perm=r;`;
  return `${facts} ${name}`;
}

/**
 * The data of a listing command, CRLF line ends (the ASCII type listings are sent in).
 * @param kind LIST, NLST or MLSD
 * @param entries the entries to list
 * @param now the current time, ms since epoch
 * @returns the bytes to send (empty for no entries)
 */
export function listingText(kind: 'LIST' | 'NLST' | 'MLSD', entries: readonly DirEntry[], now = Date.now()): Buffer {
  const line = kind === 'LIST' ? (e: DirEntry) => listLine(e, now) : kind === 'MLSD' ? (e: DirEntry) => mlsxLine(e) : (e: DirEntry) => e.name;
  return Buffer.from(entries.map((e) => `${line(e)}\r\n`).join(''), 'utf8');
}

/**
 * MDTM and `modify` fact value (RFC 3659 §2.3): `YYYYMMDDHHMMSS` in UTC.
 * @param ms time, ms since epoch
 */
export function mdtmValue(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
