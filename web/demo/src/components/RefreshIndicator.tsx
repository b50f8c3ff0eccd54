import { useEffect, useState } from 'react';
import { clockTime } from '../format.js';

/** Props of {@link RefreshIndicator}. */
export interface RefreshIndicatorProps {
  /** Silent refreshes since sign-in. */
  count: number;
  /** When the last one happened. */
  at: Date | null;
}

/** How long the "just refreshed" highlight stays on. */
const FLASH_MS = 4000;

/**
 * "Session refreshed at hh:mm:ss": a status line that flashes when the
 * access token was silently replaced, then stays as a quiet counter.
 */
export function RefreshIndicator({ count, at }: RefreshIndicatorProps) {
  const [flash, setFlash] = useState(false);
  useEffect(() => {
    if (!at) return;
    setFlash(true);
    const timer = setTimeout(() => setFlash(false), FLASH_MS);
    return () => clearTimeout(timer);
  }, [at]);

  return (
    <div className={`refresh ${flash ? 'flash' : ''}`} role="status" aria-live="polite" data-testid="refresh-indicator" data-count={count}>
      {at ? (
        <>
          <span className="dot" aria-hidden="true" />
          Session refreshed at <strong>{clockTime(at)}</strong>
          <span className="muted">
            {' '}
            · {count} silent refresh{count === 1 ? '' : 'es'} since sign-in
          </span>
        </>
      ) : (
        <span className="muted">No silent refresh yet: the access token is still fresh.</span>
      )}
    </div>
  );
}
