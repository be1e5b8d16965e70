import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { DEFAULT_CONFIG } from '../lib/config/defaults';
import { validateConfig } from '../lib/config/validate';
import { NagFindingsRecorder } from '../lib/nag/nag-findings-recorder';
import { buildStewardApp } from '../lib/steward-app';

/** The feature flags of cdk.json, so the scripts judge exactly what `cdk synth` builds. */
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context as Record<string, unknown>;

/**
 * Synthesizes the default app (offline, into a temporary directory that is removed again)
 * with a recorder on every nag pack, and returns every outcome. Throws when synthesis fails
 * for any reason, unsuppressed findings included, so a script never reports on a broken app.
 */
export function recordDefaultAppNag(): NagFindingsRecorder {
  const recorder = new NagFindingsRecorder();
  const outdir = mkdtempSync(join(tmpdir(), 'steward-nag-'));
  try {
    const app = new App({ outdir, context: { ...CDK_CONTEXT }, analyticsReporting: false });
    buildStewardApp(app, validateConfig(DEFAULT_CONFIG), { nagLoggers: [recorder] });
    app.synth();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  return recorder;
}
