/** The environment variable naming the test run's own directory (test/support/global-setup.ts). */
export const RUN_DIR_ENV = 'STEWARD_TEST_RUN_DIR';
