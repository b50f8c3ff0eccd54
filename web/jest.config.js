// Resolve packages through their CommonJS entry points in every test
// environment (jsdom would otherwise pick `browser`/ESM builds Jest can't run).
module.exports = require('../jest.preset.js')(__dirname, {
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
});
