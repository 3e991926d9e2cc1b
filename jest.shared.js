/** Settings shared by jest.config.js (the fast suite) and jest.e2e.config.js (the end-to-end suite). */
const E2E_TESTS = require('./tests/support/e2e-tests');

const escape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @type {import('jest').Config} */
const base = {
  rootDir: __dirname,
  testEnvironment: '<rootDir>/tests/support/temp-environment.js',
  setupFilesAfterEnv: ['<rootDir>/tests/support/console-guard.ts'],
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The examples import the package by name, as team projects do; in this repository the name means the sources.
  moduleNameMapper: {
    '^canary-platform$': '<rootDir>/index.ts',
    '^canary-platform/(canary|platform|policies|validation|argo-rollouts)$': '<rootDir>/api/$1.ts',
  },
  testTimeout: 120000,
  maxWorkers: 2,
};

/** The end-to-end test files, as path patterns. */
const E2E_PATTERNS = ['\\.e2e\\.test\\.ts$', ...E2E_TESTS.map((file) => `/${escape(file)}$`)];

module.exports = { base, E2E_PATTERNS };
