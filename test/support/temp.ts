import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Kept on the test file's global rather than in this module, so a test that resets the module
 * registry (jest.isolateModules) still has its directories removed.
 */
const DIRS = Symbol.for('steward.test.tempDirs');
const registry = globalThis as typeof globalThis & { [DIRS]?: string[] };

/**
 * A fresh directory under the temp directory that lives as long as the test file: the
 * after-file hook (test/support/after-file.ts) removes it with everything in it.
 */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  (registry[DIRS] ??= []).push(dir);
  return dir;
}

/** Removes every directory `testTempDir` made in this test file. */
export function removeTestTempDirs(): void {
  for (const dir of registry[DIRS]?.splice(0) ?? []) rmSync(dir, { recursive: true, force: true });
}
