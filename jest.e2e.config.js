/**
 * The end-to-end suite (`npm run test:e2e`): the slow tests listed in tests/support/e2e-tests.js and any file
 * named `*.e2e.test.ts`. Same settings and hygiene as the fast suite (jest.config.js).
 */
const { base, E2E_PATTERNS } = require('./jest.shared');

const { testMatch, ...rest } = base;

/** @type {import('jest').Config} */
module.exports = {
  ...rest,
  testRegex: E2E_PATTERNS,
};
