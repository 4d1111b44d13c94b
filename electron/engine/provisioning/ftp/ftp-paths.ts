/**
 * FTP path arguments: resolution against the working directory, the form shown in the log for a
 * refused path, and the file system error carrying the FTP reply code.
 */
import { cleanRequestPath } from '../paths';

/**
 * Resolve an FTP path argument against the working directory. FTP paths are raw: `%2e%2e` is a file
 * name, not `..`. A leading `/` is the provisioning root. Every `..` segment, backslash, drive
 * letter or control character is refused by {@link cleanRequestPath}.
 * @param cwd working directory as a clean relative path (`''` = root)
 * @param raw the path as the client sent it (`0004f2aabbcc.cfg`, `/mpv/x.cfg`, `sub`)
 * @returns clean relative path (`''` = root)
 * @throws PathError when the path is refused
 */
export function resolveFtpPath(cwd: string, raw: string): string {
  const joined = raw.startsWith('/') ? raw : cwd ? `/${cwd}/${raw}` : `/${raw}`;
  return cleanRequestPath(joined);
}

/**
 * Path shown in the log for a refused request: the client's text joined to the cwd, unnormalised.
 * @param cwd working directory as a clean relative path (`''` = root)
 * @param raw the path as the client sent it
 * @returns `/`-prefixed path with control characters as `?`, the client's text cut at 1,100 characters
 */
export function displayPath(cwd: string, raw: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = raw.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 1100);
  return printable.startsWith('/') ? printable : cwd ? `/${cwd}/${printable}` : `/${printable}`;
}

/** A file system error with the FTP reply code it should produce. */
export class FtpFsError extends Error {
  /**
   * @param message text sent to the client after the code
   * @param ftpCode 550 (not found / refused), 553 (name not allowed), 425, ...
   * @param refused true when policy refused the path (traversal, upload name): always logged
   */
  constructor(
    message: string,
    readonly ftpCode = 550,
    readonly refused = false,
  ) {
    super(message);
    this.name = 'FtpFsError';
  }
}
