#!/usr/bin/env node
// Prints the min+gzip size of the auth link module (peer dependencies external).
// Usage: node scripts/size.js [entry]   (default src/link/auth-link.ts)
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');

const entry = path.resolve(__dirname, '..', process.argv[2] || 'src/link/auth-link.ts');
const result = esbuild.buildSync({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  external: ['@apollo/client', 'rxjs', 'graphql', '@baton/shared'],
});
const code = result.outputFiles[0].contents;
const gzip = zlib.gzipSync(code, { level: 9 }).length;
console.log(`${path.relative(process.cwd(), entry)}: ${code.length} B min, ${gzip} B min+gzip (budget 3072 B)`);
process.exitCode = gzip <= 3072 ? 0 : 1;
