#!/usr/bin/env node
/**
 * `npm run schema -w @baton/api`: writes the GraphQL schema the API serves to
 * `api/schema.graphql` (or the path given as first argument), for GraphQL
 * Code Generator and for review in diffs.
 *
 * The output is deterministic — types and fields sorted, no timestamps — so
 * CI can regenerate it and fail on `git diff`.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from '../graphql/schema.js';

/** Where the schema goes by default: `api/schema.graphql` (this file runs from `api/dist/cli/`). */
export const DEFAULT_SCHEMA_PATH = resolve(__dirname, '../../schema.graphql');

/** Prints Baton's schema as SDL, sorted so the text only changes when the schema does. */
export async function printBatonSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}

async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? DEFAULT_SCHEMA_PATH);
  writeFileSync(target, await printBatonSchema());
  process.stdout.write(`Wrote ${target}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`emit-schema failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
