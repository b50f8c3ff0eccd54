import type { ValueTransformer } from 'typeorm';

/**
 * Times are stored as milliseconds since the epoch in a `bigint` column: the
 * same type and the same comparisons on SQLite and PostgreSQL, no time-zone
 * conversions. PostgreSQL returns `bigint` as a string, hence `Number(...)`.
 */
export const epochMs: ValueTransformer = {
  // Find operators (IsNull(), LessThan(...)) pass through the transformer too.
  to: (value: unknown) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};
