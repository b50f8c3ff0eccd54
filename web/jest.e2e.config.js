// End-to-end suite: the demo app in Chromium against the real API
// (`npm run test:e2e -w @baton/web`). Separate from the unit tests: slower,
// and it needs a browser (see e2e/support/browser.ts).
module.exports = require('../jest.preset.js')(__dirname, {
  testMatch: ['<rootDir>/e2e/**/*.test.ts'],
  testTimeout: 120000,
});
