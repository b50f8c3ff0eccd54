'use strict';
/** Load generation with autocannon (in the bench process; servers run in their own processes). */
const autocannon = require('autocannon');

const JSON_HEADERS = { 'content-type': 'application/json' };

/** POSTs one GraphQL operation with fetch; returns the parsed body and its raw text. */
async function gql(url, query, variables, token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

/**
 * Runs autocannon once. `expectBody` (the exact body a correct answer has)
 * makes every other answer count as a mismatch, so an error response can
 * never pass for throughput.
 */
function run({ url, body, headers, connections = 10, duration, requests, expectBody, amount }) {
  return new Promise((resolve, reject) => {
    // autocannon's histogram has 1 ms resolution; loopback latencies are often
    // below that, so percentiles are computed from the exact response times.
    const times = [];
    const options = { url, method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body, requests, connections, duration, amount, expectBody, timeout: 10 };
    for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key]; // autocannon rejects e.g. `requests` + `expectBody` even when undefined
    const instance = autocannon(
      options,
      (error, result) => (error ? reject(error) : resolve(shape(result, times))),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) times.push(responseTime);
    });
    instance.on('error', reject);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function shape(r, times) {
  const seconds = r.duration || 1;
  const sorted = Float64Array.from(times).sort();
  const round = (x) => Math.round(x * 1000) / 1000;
  return {
    rps: r.requests.total / seconds, // completed responses per second
    total: r.requests.total,
    latency: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? NaN),
      mean: round(times.reduce((a, b) => a + b, 0) / (times.length || 1)),
    },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    mismatches: r.mismatches ?? 0,
  };
}

/** Throws when a measurement contains failed requests: a number built on errors is worse than none. */
function assertClean(name, m, tolerance = 0) {
  const bad = m.errors + m.timeouts + m.non2xx + m.mismatches;
  if (bad > tolerance) throw new Error(`${name}: ${bad} failed requests (errors ${m.errors}, timeouts ${m.timeouts}, non-2xx ${m.non2xx}, wrong body ${m.mismatches})`);
}

module.exports = { gql, run, assertClean, JSON_HEADERS };
