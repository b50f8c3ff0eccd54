import { describeError } from '../errors.js';

/** An inline error with an optional retry; renders nothing when the session simply ended. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = describeError(error);
  if (!message) return null;
  return (
    <div className="notice error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
