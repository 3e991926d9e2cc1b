/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/components', '<rootDir>/infra', '<rootDir>/policies', '<rootDir>/tests'],
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
