import { GraphQLError } from 'graphql';
import { ErrorCode, ErrorReason, type BatonErrorExtensions } from '@baton/shared';

/**
 * Baton's typed errors (modelled on `jose`): each class has a stable
 * `extensions.code`, and a `reason` from `@baton/shared`. Clients branch on
 * those, never on messages. Anything thrown that is *not* a BatonError (or a
 * GraphQL validation error) is masked as INTERNAL_SERVER_ERROR by the server.
 */
export class BatonError extends GraphQLError {
  constructor(message: string, extensions: BatonErrorExtensions & { http?: { status: number } }) {
    super(message, { extensions: { ...extensions } });
    this.name = 'BatonError';
  }
}

/** Human messages per reason: stable wording, never a library's text. */
const AUTH_MESSAGES: Partial<Record<ErrorReason, string>> = {
  TOKEN_MISSING: 'Authentication required.',
  TOKEN_EXPIRED: 'The access token has expired.',
  TOKEN_INVALID: 'The access token is invalid.',
  SESSION_REVOKED: 'The session has ended.',
  INVALID_CREDENTIALS: 'Invalid email or password.',
  REFRESH_TOKEN_MISSING: 'No refresh token was provided.',
  REFRESH_TOKEN_INVALID: 'The refresh token is invalid.',
  REFRESH_TOKEN_EXPIRED: 'The refresh token has expired.',
  REFRESH_TOKEN_REUSED: 'The refresh token was already used; the session has been revoked.',
};

/** `UNAUTHENTICATED`: missing or bad credentials of any kind. */
export class AuthenticationError extends BatonError {
  constructor(readonly reason: ErrorReason) {
    super(AUTH_MESSAGES[reason] ?? 'Authentication failed.', { code: ErrorCode.UNAUTHENTICATED, reason });
    this.name = 'AuthenticationError';
  }
}

/** `FORBIDDEN`: signed in, but without the role the field needs. */
export class ForbiddenError extends BatonError {
  constructor() {
    super('You do not have permission to do this.', { code: ErrorCode.FORBIDDEN, reason: ErrorReason.MISSING_ROLE });
    this.name = 'ForbiddenError';
  }
}

/** `BAD_USER_INPUT`: an argument is invalid; `field` names it. */
export class InputError extends BatonError {
  constructor(reason: ErrorReason, field: string, message: string) {
    super(message, { code: ErrorCode.BAD_USER_INPUT, reason, field });
    this.name = 'InputError';
  }
}

/** `RATE_LIMITED`: too many attempts; retry after `retryAfterSeconds`. */
export class RateLimitedError extends BatonError {
  constructor(retryAfterSeconds: number) {
    super('Too many attempts. Try again later.', { code: ErrorCode.RATE_LIMITED, retryAfterSeconds });
    this.name = 'RateLimitedError';
  }
}
