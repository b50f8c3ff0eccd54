import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ACCESS_TOKEN_TYPE, ErrorReason, type AccessTokenClaims, type Role } from '@baton/shared';
import type { KeyRing } from './signing-keys.js';

/** Tokens longer than this are refused before any parsing (a JWT of ours is ~400 bytes). */
const MAX_TOKEN_LENGTH = 4096;

/** What verifying an access token gave: its claims, or why it was refused. */
export type VerifyResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: typeof ErrorReason.TOKEN_EXPIRED | typeof ErrorReason.TOKEN_INVALID };

/** Verified tokens remembered (see {@link AccessTokens.verify}); a token is ~400 bytes, so ~4 MB at most. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Settings of {@link AccessTokens}. */
export interface AccessTokenOptions {
  keys: KeyRing;
  issuer: string;
  audience: string;
  ttlMs: number;
  clockToleranceSec: number;
}

/**
 * Signs and verifies access tokens: short-lived JWTs carrying the user, role
 * and session id. Verification pins the algorithm, the `typ` header, the key
 * id, issuer and audience, and checks `exp`/`nbf` with a small leeway.
 */
export class AccessTokens {
  /**
   * Claims of tokens whose signature and claims already verified, keyed by
   * the exact token string. A client sends the same token with every request
   * until it expires, so this skips the HMAC and JSON work (measured: most of
   * the per-request auth cost). Only `exp`/`nbf` depend on time: they are
   * re-checked on every hit. The key ring is fixed for the process, so an
   * entry can never outlive the key that verified it.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(private readonly options: AccessTokenOptions) {}

  /** Signs a token for a user's session. */
  sign(subject: { userId: string; sessionId: string; role: Role }, now = Date.now()): { token: string; expiresAt: Date } {
    const { keys, issuer, audience, ttlMs } = this.options;
    const iat = Math.floor(now / 1000);
    const exp = Math.floor((now + ttlMs) / 1000);
    const payload = { sid: subject.sessionId, role: subject.role, iat, nbf: iat, exp };
    const token = jwt.sign(payload, keys.current.signingKey, {
      algorithm: keys.alg,
      keyid: keys.current.kid,
      header: { alg: keys.alg, typ: ACCESS_TOKEN_TYPE },
      subject: subject.userId,
      issuer,
      audience,
      jwtid: randomUUID(),
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Verifies a token. Never throws: a bad token is a result, not an exception. */
  verify(token: string, now = Date.now()): VerifyResult {
    const cached = this.verified.get(token);
    if (cached) return this.checkTimes(cached, now) ?? { ok: true, claims: cached };
    const result = this.verifyFully(token);
    if (result.ok) this.remember(token, result.claims);
    return result;
  }

  /** A cached token's time claims, checked as jsonwebtoken would (with the leeway). */
  private checkTimes(claims: AccessTokenClaims, now: number): VerifyResult | undefined {
    const seconds = Math.floor(now / 1000);
    const leeway = this.options.clockToleranceSec;
    if (seconds >= claims.exp + leeway) return { ok: false, reason: ErrorReason.TOKEN_EXPIRED };
    if (seconds < claims.nbf - leeway) return { ok: false, reason: ErrorReason.TOKEN_INVALID };
    return undefined;
  }

  private remember(token: string, claims: AccessTokenClaims): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
  }

  /** Full verification: header, key, signature and claims. */
  private verifyFully(token: string): VerifyResult {
    const invalid = { ok: false, reason: ErrorReason.TOKEN_INVALID } as const;
    if (token.length > MAX_TOKEN_LENGTH) return invalid;
    const { keys, issuer, audience, clockToleranceSec } = this.options;
    // Only the header is read here; jwt.verify parses the payload once, after the signature checks out.
    const header = readHeader(token);
    // Check the header before any cryptography: algorithm confusion and
    // unknown keys are refused without asking the library to choose.
    if (!header || header.alg !== keys.alg || header.typ !== ACCESS_TOKEN_TYPE || !header.kid) return invalid;
    const key = keys.byKid.get(header.kid);
    if (!key) return invalid;
    let claims: unknown;
    try {
      claims = jwt.verify(token, key.verificationKey, { algorithms: [keys.alg], issuer, audience, clockTolerance: clockToleranceSec });
    } catch (error) {
      return error instanceof jwt.TokenExpiredError ? { ok: false, reason: ErrorReason.TOKEN_EXPIRED } : invalid;
    }
    return isAccessClaims(claims) ? { ok: true, claims } : invalid;
  }
}

/** The JOSE header of a compact JWS, or undefined when it is not one. */
function readHeader(token: string): { alg?: unknown; typ?: unknown; kid?: string } | undefined {
  const dot = token.indexOf('.');
  if (dot < 1) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null) return undefined;
    const kid = (header as { kid?: unknown }).kid;
    return { ...(header as object), kid: typeof kid === 'string' ? kid : undefined };
  } catch {
    return undefined;
  }
}

function isAccessClaims(value: unknown): value is AccessTokenClaims {
  const c = value as Partial<AccessTokenClaims> | null;
  return (
    typeof c === 'object' && c !== null &&
    typeof c.sub === 'string' && typeof c.sid === 'string' &&
    (c.role === 'USER' || c.role === 'ADMIN') &&
    typeof c.exp === 'number' && typeof c.nbf === 'number'
  );
}
