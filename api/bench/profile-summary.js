#!/usr/bin/env node
'use strict';
/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`, e.g. BENCH_PROFILE=x):
 * self time by category (idle, GC, Baton's code, each package, Node
 * internals) and the top functions by self time.
 *
 *   node bench/profile-summary.js bench/results/profiles/<file>.cpuprofile [top]
 */
const fs = require('node:fs');

const file = process.argv[2];
const top = Number(process.argv[3]) || 25;
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function category(cf) {
  const url = cf.url || '';
  if (cf.functionName === '(idle)') return '(idle)';
  if (cf.functionName === '(garbage collector)') return '(garbage collector)';
  if (cf.functionName === '(program)') return '(program: native, outside JS)';
  if (!url) return '(native/builtin)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes('/api/dist/')) return 'Baton api/dist';
  if (url.includes('/shared/dist/')) return 'Baton shared/dist';
  return url;
}

const cats = new Map();
const fns = new Map();
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const c = category(cf);
  cats.set(c, (cats.get(c) ?? 0) + us);
  const key = `${cf.functionName || '(anonymous)'}  ${(cf.url || '').replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/api\//, 'api/')}:${cf.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
const pct = (us) => ((us / total) * 100).toFixed(1).padStart(5) + '%';
const ms = (us) => (us / 1000).toFixed(0).padStart(7) + ' ms';
console.log(`${file}\ntotal ${(total / 1e6).toFixed(1)} s sampled\n\nSelf time by category`);
for (const [c, us] of [...cats].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(us)} ${ms(us)}  ${c}`);
const busy = total - (cats.get('(idle)') ?? 0);
console.log(`\nBusy (not idle): ${(busy / 1e6).toFixed(1)} s = ${((busy / total) * 100).toFixed(1)}% of the main thread`);
console.log(`\nTop ${top} functions by self time (share of busy time)`);
for (const [k, us] of [...fns].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((us / busy) * 100).toFixed(1).padStart(5)}% ${ms(us)}  ${k}`);
}
