/**
 * Banner shown while the engine's event stream is down.
 */
import { useApp } from '../store/context';

/** Shows "disconnected from engine — reconnecting" while the connection is down; nothing otherwise. */
export function ConnectionBanner() {
  const state = useApp('connection', (s) => s.state);
  if (state !== 'down') return null;
  return (
    <div className="banner banner-warn" role="status" aria-live="polite">
      <strong>Disconnected from engine — reconnecting…</strong> Live updates are paused; the lists reload once the engine is
      back.
    </div>
  );
}
