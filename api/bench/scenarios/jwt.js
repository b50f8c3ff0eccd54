'use strict';
/** Scenario 6: runs scenarios/jwt-child.js in a fresh process and summarizes. */
const { fork } = require('node:child_process');
const path = require('node:path');
const { summary } = require('../lib/stats');

async function jwtPrimitives({ settings, log }) {
  const child = fork(path.join(__dirname, 'jwt-child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`jwt bench exited with ${code}`)));
    child.send({ rounds: settings.rounds, seconds: settings.jwtSeconds });
  });
  if (message.error) throw new Error(message.error);
  const { versions, results } = message.result;
  const out = { versions, opsPerSecond: {}, vsJsonwebtoken: {} };
  for (const [alg, libs] of Object.entries(results)) {
    out.opsPerSecond[alg] = {};
    out.vsJsonwebtoken[alg] = {};
    for (const [name, ops] of Object.entries(libs)) {
      out.opsPerSecond[alg][name] = { sign: summary(ops.sign), verify: summary(ops.verify) };
      out.vsJsonwebtoken[alg][name] = {
        sign: summary(ops.sign.map((x, i) => x / libs.jsonwebtoken.sign[i])),
        verify: summary(ops.verify.map((x, i) => x / libs.jsonwebtoken.verify[i])),
      };
      log(`    ${alg} ${name.padEnd(12)} sign ${Math.round(out.opsPerSecond[alg][name].sign.median)}/s  verify ${Math.round(out.opsPerSecond[alg][name].verify.median)}/s`);
    }
  }
  return out;
}

module.exports = { jwtPrimitives };
