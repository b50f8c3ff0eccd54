import { createHash, createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../config/config.js';

/** Algorithms Baton signs access tokens with. Verification accepts exactly the configured one. */
export type SigningAlgorithm = 'HS256' | 'ES256';

/** One key that signs or verifies access tokens. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  /** Private key (ES256) or secret (HS256). */
  signingKey: KeyObject;
  /** Public key (ES256) or the same secret (HS256). */
  verificationKey: KeyObject;
  /** The public JWK published at /.well-known/jwks.json (ES256 only). */
  publicJwk?: JsonWebKey & { kid: string; alg: string; use: string };
}

/**
 * The keys in force: `current` signs new tokens; every key in `byKid`
 * (current and retired) verifies, so a rotation logs nobody out.
 */
export interface KeyRing {
  alg: SigningAlgorithm;
  current: SigningKey;
  byKid: Map<string, SigningKey>;
}

/** RFC 7638 thumbprint of an EC public key: a stable kid that needs no configuration. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** An HS256 ring from one secret. The kid is a truncated hash: it names the key without revealing it. */
export function hmacKeyRing(secret: string): KeyRing {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const kid = 'hs256-' + createHash('sha256').update(secret).digest('base64url').slice(0, 12);
  const signingKey: SigningKey = { kid, alg: 'HS256', signingKey: key, verificationKey: key };
  return { alg: 'HS256', current: signingKey, byKid: new Map([[kid, signingKey]]) };
}

/**
 * An ES256 ring from PEM private keys (P-256), newest first: the first signs,
 * the rest only verify until their tokens have expired and they are removed.
 */
export function ecKeyRing(pems: string): KeyRing {
  const blocks = pems.replace(/\\n/g, '\n').match(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/g);
  if (!blocks?.length) throw new ConfigError('JWT_SIGNING_KEYS', 'expected one or more PEM private keys (P-256), newest first');
  const keys = blocks.map((pem, i) => {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(pem);
    } catch {
      throw new ConfigError('JWT_SIGNING_KEYS', `key #${i + 1} is not a readable PEM private key`);
    }
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new ConfigError('JWT_SIGNING_KEYS', `key #${i + 1} must be an EC P-256 key (ES256)`);
    }
    const publicKey = createPublicKey(privateKey);
    const jwk = publicKey.export({ format: 'jwk' });
    const kid = thumbprint(jwk);
    const key: SigningKey = { kid, alg: 'ES256', signingKey: privateKey, verificationKey: publicKey, publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } };
    return key;
  });
  return { alg: 'ES256', current: keys[0], byKid: new Map(keys.map((k) => [k.kid, k])) };
}

/** The JSON Web Key Set other services verify Baton's tokens with (empty for HS256: secrets are never published). */
export function jwks(ring: KeyRing): { keys: NonNullable<SigningKey['publicJwk']>[] } {
  return { keys: [...ring.byKid.values()].flatMap((k) => (k.publicJwk ? [k.publicJwk] : [])) };
}
