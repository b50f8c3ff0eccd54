/** Units accepted in durations such as `15m`, and their length in milliseconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration like `2s`, `15m`, `7d` or `500ms` into milliseconds.
 * A bare number is read as seconds. Returns `undefined` when the text is not a
 * duration, so the caller can name the offending variable in its error.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) * UNIT_MS[match[2] ?? 's'];
  return Number.isFinite(value) ? Math.round(value) : undefined;
}
