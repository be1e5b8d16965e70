/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.js'],
  testTimeout: 120000,
  // Both cores of a 2-core machine (jest's default leaves one idle): the suites are CPU-bound
  // synths, each worker has its own moto server, and the shared synth is written atomically.
  maxWorkers: 2,
  // The run's temp directory, the moto server of each worker, and the check that nothing is left behind.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/after-file.ts'],
  // Inside the repository (gitignored), not in the temp directory a run must leave as it found it.
  cacheDirectory: '<rootDir>/.cache/jest',
};
