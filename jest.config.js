/**
 * The fast suite (`npm test`): unit, component and CLI tests. The slow end-to-end tests listed in
 * tests/support/e2e-tests.js run with `npm run test:e2e` (jest.e2e.config.js).
 *
 * Hygiene, enforced for both suites:
 * - every test file gets a temporary folder of its own as TMPDIR (tests/support/temp-environment.js); anything
 *   the file leaves in it, other than a tool's cache, fails the file naming each entry, and the folder is removed;
 *   scripts/test-clean-tmp.sh runs a whole suite in a fresh TMPDIR and fails naming whatever is left (.ci/run);
 * - an unexpected console.log, info, debug, warn or error fails the test that printed it
 *   (tests/support/console-guard.ts); tests that expect one capture it with jest.spyOn and assert it;
 * - jest's own cache lives in node_modules/.cache/jest, not in the temporary directory.
 */
const { base, E2E_PATTERNS } = require('./jest.shared');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', ...E2E_PATTERNS],
};
