import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_DIR_ENV } from './run-dir';

/**
 * Gives the test run a temp directory of its own: everything the suites, CDK (assemblies and
 * bundles), esbuild and the Python tools write to the temp directory lands in `<run>/tmp`, which
 * the global teardown checks is empty and removes.
 */
export default function globalSetup(): void {
  const run = mkdtempSync(join(tmpdir(), 'steward-test-run-'));
  mkdirSync(join(run, 'tmp'));
  mkdirSync(join(run, 'moto'));
  process.env[RUN_DIR_ENV] = run;
  process.env.STEWARD_TEST_ORIGINAL_TMPDIR = process.env.TMPDIR ?? '';
  // Workers are started after this hook and inherit the environment; os.tmpdir() reads it on every call.
  process.env.TMPDIR = join(run, 'tmp');
}
