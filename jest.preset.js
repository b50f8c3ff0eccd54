// Shared Jest settings for every workspace. @swc/jest transpiles TypeScript
// (with decorator metadata for type-graphql); type-checking is `npm run build`.
const path = require('node:path');

/** @param {string} dir the workspace folder */
module.exports = (dir, overrides = {}) => ({
  rootDir: dir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true, decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Tests import sources with NodeNext-style `.js` suffixes; map them back to .ts.
  moduleNameMapper: {
    '^@baton/shared$': path.join(__dirname, 'shared/src/index.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  ...overrides,
});
