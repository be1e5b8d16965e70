import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopWorkerMotos } from './moto';
import { RUN_DIR_ENV } from './run-dir';

/**
 * Stops the moto servers the run started, then fails the run when a test file left anything in
 * the temp directory: each file removes what it makes (test/support/temp.ts), so a leftover is a
 * leak that would pile up on every run. The run directory goes in any case.
 */
export default async function globalTeardown(): Promise<void> {
  const run = process.env[RUN_DIR_ENV];
  if (!run) return;
  try {
    await stopWorkerMotos(join(run, 'moto'));
    const left = readdirSync(join(run, 'tmp'));
    if (left.length > 0) {
      throw new Error(`the test run left ${left.length} entries in the temp directory (remove them in the test file): ${left.join(', ')}`);
    }
  } finally {
    rmSync(run, { recursive: true, force: true });
    const original = process.env.STEWARD_TEST_ORIGINAL_TMPDIR;
    if (original) process.env.TMPDIR = original;
    else delete process.env.TMPDIR;
    delete process.env[RUN_DIR_ENV];
  }
}
