import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { declaredInternetIngressOf, jurisdictionStampOf } from '../../lib/nag/conventions';
import type { RenderedStack } from '../../lib/nag/rendered-template-checks';
import { buildStewardApp } from '../../lib/steward-app';
import { newTestApp } from './app';
import { RUN_DIR_ENV } from './run-dir';
import { testTempDir } from './temp';

/** How long a test file waits for another worker's synth of the default app. */
const WAIT_MS = 10 * 60 * 1000;

let rendered: RenderedStack[] | undefined;

/**
 * The default app without the packs, as the stacks CloudFormation would receive: templates plus
 * what the app stamped on each stack. Tests copy and change a template, then judge it.
 *
 * Every file that reads it gets the same synth, made once per test run: the first file asking
 * synthesizes and writes it into the run's directory (test/support/global-setup.ts), which no
 * other run sees and the teardown removes, so it is never older than the run's sources. Outside
 * such a run the file synthesizes it itself.
 */
export function renderDefaultApp(): RenderedStack[] {
  rendered ??= sharedOrOwn();
  return JSON.parse(JSON.stringify(rendered)) as RenderedStack[];
}

function sharedOrOwn(): RenderedStack[] {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) return synthesizeDefaultApp();
  const dir = join(runDir, 'default-app');
  const done = join(dir, 'rendered.json');
  const failed = join(dir, 'failed.txt');
  try {
    // Creating the directory is atomic: exactly one file of the run wins and synthesizes.
    mkdirSync(dir);
  } catch {
    return waitFor(done, failed);
  }
  try {
    const result = synthesizeDefaultApp();
    writeFileSync(`${done}.partial`, JSON.stringify(result));
    renameSync(`${done}.partial`, done);
    return result;
  } catch (e) {
    writeFileSync(failed, String((e as Error).stack ?? e));
    throw e;
  }
}

function waitFor(done: string, failed: string): RenderedStack[] {
  const deadline = Date.now() + WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(done)) {
    if (existsSync(failed)) {
      throw new Error(`the run's synth of the default app failed in another test file:\n${readFileSync(failed, 'utf8')}`);
    }
    if (Date.now() > deadline) throw new Error(`the run's synth of the default app did not finish within ${WAIT_MS / 1000} s`);
    Atomics.wait(pause, 0, 0, 200);
  }
  return JSON.parse(readFileSync(done, 'utf8')) as RenderedStack[];
}

function synthesizeDefaultApp(): RenderedStack[] {
  const outdir = testTempDir('steward-rendered-');
  try {
    const app = newTestApp(outdir);
    buildStewardApp(app, validateConfig(DEFAULT_CONFIG), { nag: false });
    const assembly = app.synth();
    return assembly.stacks.map((artifact) => {
      const stack = app.node.findAll().find((c): c is Stack => Stack.isStack(c) && c.artifactId === artifact.id)!;
      return {
        stackName: artifact.stackName,
        region: artifact.environment.region,
        account: artifact.environment.account,
        template: JSON.parse(readFileSync(join(outdir, artifact.templateFile), 'utf8')) as unknown,
        jurisdiction: jurisdictionStampOf(stack),
        internetIngress: declaredInternetIngressOf(stack),
      };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
