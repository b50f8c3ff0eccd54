module.exports = require('../jest.preset.js')(__dirname, {
  testTimeout: 60000,
  // Collects suites skipped for a missing database and warns once at the end (test/support/databases.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
});
