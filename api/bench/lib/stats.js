'use strict';
/** Small statistics helpers: every reported figure is a median over rounds, with its spread. */

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Median, min, max and the relative spread (max-min)/median of a list of round results. */
function summary(values) {
  const v = values.filter((x) => Number.isFinite(x));
  const med = median(v);
  const min = Math.min(...v);
  const max = Math.max(...v);
  return { median: med, min, max, spread: med ? (max - min) / Math.abs(med) : NaN, rounds: values };
}

/** Per-round ratios a[i]/b[i] (rounds measured back-to-back share machine conditions), summarized. */
function ratioSummary(a, b) {
  return summary(a.map((x, i) => x / b[i]));
}

const fmt = (n, digits = 0) => {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

/** "12,345 (11,900–12,600)" */
function fmtSummary(s, digits = 0, unit = '') {
  if (!s || !Number.isFinite(s.median)) return 'n/a';
  if (s.rounds.length < 2) return `${fmt(s.median, digits)}${unit}`;
  return `${fmt(s.median, digits)}${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

module.exports = { median, summary, ratioSummary, fmt, fmtSummary };
