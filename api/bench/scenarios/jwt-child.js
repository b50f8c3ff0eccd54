'use strict';
/**
 * Scenario 6, run in its own process: sign and verify per second with
 * jsonwebtoken (what Baton uses), jose 6 and fast-jwt, HS256 and ES256, with
 * Baton's header and claims (kid, typ at+jwt, iss, aud, sub, jti, sid, role)
 * and Baton's verification options (pinned algorithm, issuer, audience,
 * clock tolerance). Each measurement is a time-boxed loop; libraries are
 * interleaved within each round.
 */
const { generateKeyPairSync, createSecretKey, randomBytes, randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');

async function main({ rounds, seconds }) {
  const jsonwebtoken = require('jsonwebtoken');
  const fastJwt = require('fast-jwt');
  const jose = await import('jose');

  const secret = randomBytes(48);
  const hmac = createSecretKey(secret);
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // jose runs on WebCrypto: give it CryptoKeys imported once (its fastest form;
  // a KeyObject or raw bytes is converted on every call, about 2x slower).
  const subtle = globalThis.crypto.subtle;
  const joseKeys = {
    HS256: { sign: await subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']) },
    ES256: {
      sign: await subtle.importKey('pkcs8', ec.privateKey.export({ type: 'pkcs8', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']),
      verify: await subtle.importKey('spki', ec.publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']),
    },
  };
  joseKeys.HS256.verify = joseKeys.HS256.sign;
  const keys = {
    HS256: { sign: hmac, verify: hmac, fastSign: secret, fastVerify: secret, jose: joseKeys.HS256 },
    ES256: { sign: ec.privateKey, verify: ec.publicKey, fastSign: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }), fastVerify: ec.publicKey.export({ type: 'spki', format: 'pem' }), jose: joseKeys.ES256 },
  };
  const iss = 'baton';
  const aud = 'baton-api';
  const kid = 'bench-key';
  const claims = () => {
    const iat = Math.floor(Date.now() / 1000);
    return { sid: randomUUID(), role: 'USER', iat, nbf: iat, exp: iat + 900, sub: randomUUID(), iss, aud, jti: randomUUID() };
  };

  const libs = {};
  for (const alg of ['HS256', 'ES256']) {
    const k = keys[alg];
    const fastSigner = fastJwt.createSigner({ key: k.fastSign, algorithm: alg, kid, header: { typ: 'at+jwt' }, noTimestamp: true });
    const fastVerifier = fastJwt.createVerifier({ key: k.fastVerify, algorithms: [alg], allowedIss: iss, allowedAud: aud, clockTolerance: 5000, cache: false, checkTyp: 'at+jwt' });
    libs[alg] = {
      jsonwebtoken: {
        sign: () => jsonwebtoken.sign(claims(), k.sign, { algorithm: alg, keyid: kid, header: { alg, typ: 'at+jwt' } }),
        verify: (t) => jsonwebtoken.verify(t, k.verify, { algorithms: [alg], issuer: iss, audience: aud, clockTolerance: 5 }),
      },
      jose: {
        sign: () => new jose.SignJWT(claims()).setProtectedHeader({ alg, kid, typ: 'at+jwt' }).sign(k.jose.sign),
        verify: (t) => jose.jwtVerify(t, k.jose.verify, { algorithms: [alg], issuer: iss, audience: aud, clockTolerance: 5, typ: 'at+jwt' }),
      },
      'fast-jwt': {
        sign: () => fastSigner(claims()),
        verify: (t) => fastVerifier(t),
      },
    };
  }

  // Cross-check: every library verifies every other library's tokens (same format), so the work is comparable.
  for (const alg of ['HS256', 'ES256']) {
    for (const [signer, s] of Object.entries(libs[alg])) {
      const token = await s.sign();
      for (const [verifier, v] of Object.entries(libs[alg])) {
        const payload = await v.verify(token);
        const sub = payload.payload?.sub ?? payload.sub;
        if (!sub) throw new Error(`${verifier} did not verify ${signer}'s ${alg} token`);
      }
    }
  }

  async function opsPerSecond(fn, isAsync) {
    let n = 0;
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    if (isAsync) {
      while (performance.now() < end) {
        for (let i = 0; i < 50; i++) await fn();
        n += 50;
      }
    } else {
      while (performance.now() < end) {
        for (let i = 0; i < 50; i++) fn();
        n += 50;
      }
    }
    return n / ((performance.now() - t0) / 1000);
  }

  const results = {};
  for (const alg of ['HS256', 'ES256']) {
    results[alg] = {};
    const tokens = {};
    for (const [name, l] of Object.entries(libs[alg])) {
      tokens[name] = await l.sign();
      results[alg][name] = { sign: [], verify: [] };
      await opsPerSecond(() => l.sign(), name === 'jose'); // warm-up
      await opsPerSecond(() => l.verify(tokens[name]), name === 'jose');
    }
    for (let r = 0; r < rounds; r++) {
      const names = Object.keys(libs[alg]);
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const name of order) {
        const l = libs[alg][name];
        results[alg][name].sign.push(await opsPerSecond(() => l.sign(), name === 'jose'));
        results[alg][name].verify.push(await opsPerSecond(() => l.verify(tokens[name]), name === 'jose'));
      }
    }
  }
  return {
    versions: {
      jsonwebtoken: require('jsonwebtoken/package.json').version,
      jose: require('jose/package.json').version,
      'fast-jwt': require('fast-jwt/package.json').version,
    },
    results,
  };
}

process.once('message', (settings) => {
  main(settings).then(
    (result) => process.send({ result }, () => process.exit(0)),
    (error) => process.send({ error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});
