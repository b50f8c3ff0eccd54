/** Turns what Apollo and `@baton/web` reject with into a sentence for the user. */
import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { AuthCancelledError, AuthRefreshError } from '@baton/web';
import { ErrorReason } from '@baton/shared';

const MESSAGES: Partial<Record<string, string>> = {
  [ErrorReason.INVALID_CREDENTIALS]: 'Wrong email or password.',
  [ErrorReason.EMAIL_TAKEN]: 'An account with that email already exists. Sign in instead?',
  [ErrorReason.INVALID_EMAIL]: 'That email address does not look right.',
  [ErrorReason.SESSION_NOT_FOUND]: 'That session has already ended.',
};

/**
 * The user-facing message for `error`, or `null` when there is nothing to
 * say here because the session ended (the app shows its own notice then).
 */
export function describeError(error: unknown): string | null {
  if (AuthRefreshError.is(error) || AuthCancelledError.is(error)) return null;
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const reason = first?.extensions?.reason as string | undefined;
    if (first?.extensions?.code === 'RATE_LIMITED') return 'Too many attempts. Please wait a little and try again.';
    if (reason && MESSAGES[reason]) return MESSAGES[reason]!;
    if (first?.extensions?.code === 'BAD_USER_INPUT') return first.message;
    if (first?.extensions?.code === 'UNAUTHENTICATED') return null;
    return 'The server could not do that. Please try again.';
  }
  if (ServerError.is(error)) return `The server answered ${error.statusCode}. Please try again.`;
  return 'Could not reach the server. Check your connection and try again.';
}
