/**
 * A small badge on the phone page when the phone uploaded local changes that move it to another
 * provisioning or SIP server (engine provisioning/upload-flags.ts): what it set, when, from where.
 */
import type { UploadFlag } from '../../../shared/dto';

/** The badge, or nothing without a flag. */
export function UploadFlagBadge({ flag }: { flag: UploadFlag | undefined }) {
  if (!flag) return null;
  const when = new Date(flag.at).toLocaleString();
  return (
    <p className="upload-flag" role="alert">
      <span className="badge badge-warn">Redirected by upload</span> The phone uploaded <code>{flag.file}</code> ({when}
      {flag.client ? `, from ${flag.client}` : ''}) setting <code>{flag.params.join(', ')}</code>: at its next boot it uses these instead of what ProvKit serves. If nobody meant to change them, reset the phone's local settings before it reboots.
    </p>
  );
}
