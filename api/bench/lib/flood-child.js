'use strict';
/**
 * A login flood in its own process: `connections` logins in flight at all
 * times (closed loop) with the right password, until told to stop. Reports
 * how many logins completed and how many succeeded.
 */
const autocannon = require('autocannon');

process.once('message', ({ url, email, password, connections }) => {
  let ok = 0;
  let failed = 0;
  const body = JSON.stringify({ query: 'mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', variables: { e: email, p: password } });
  const started = Date.now();
  const instance = autocannon(
    {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections,
      duration: 3600,
      timeout: 30,
      requests: [{ method: 'POST', body, onResponse: (status, text) => (status === 200 && text.includes('"accessToken"') ? ok++ : failed++) }],
    },
    (error, result) => {
      const seconds = (Date.now() - started) / 1000;
      process.send({ ok, failed, seconds, loginsPerSecond: ok / seconds, latency: result && { p50: result.latency.p50, p99: result.latency.p99 }, error: error && String(error) }, () => process.exit(0));
    },
  );
  process.send({ started: true });
  process.once('message', () => instance.stop());
});
process.on('disconnect', () => process.exit(0));
