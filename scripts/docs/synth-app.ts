import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { ResolvedStewardConfig } from '../../lib/config/resolved';
import { NagFindingsRecorder, type NagRecord } from '../../lib/nag/nag-findings-recorder';
import { buildStewardApp } from '../../lib/steward-app';
import { readSnapshot, type SynthSnapshot } from '../review/snapshot';
import { readConstructTree, type ConstructNode } from './construct-tree';

/** The feature flags of cdk.json, so the generators judge exactly what `cdk synth` builds. */
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context as Record<string, unknown>;

/** What the generated documents are made from: one synth of one configuration. */
export interface AppSynth {
  /** Every nag outcome, from the in-process recorder (with resource types). */
  readonly records: readonly NagRecord[];
  /** Templates and stack metadata, read back as the review reads them. */
  readonly snapshot: SynthSnapshot;
  /** The construct tree (tree.json). */
  readonly tree: ConstructNode;
}

/**
 * Synthesizes a validated configuration offline into a temporary directory (removed again) with
 * a recorder on every nag pack. Throws when synthesis fails for any reason, unsuppressed findings
 * included, so no document is written from a broken app.
 */
export function synthApp(config: ResolvedStewardConfig): AppSynth {
  const recorder = new NagFindingsRecorder();
  const outdir = mkdtempSync(join(tmpdir(), 'steward-docs-'));
  try {
    // Construct paths in template metadata, as `cdk synth` writes them, so documents name constructs.
    const app = new App({ outdir, context: { ...CDK_CONTEXT, 'aws:cdk:enable-path-metadata': true }, analyticsReporting: false });
    buildStewardApp(app, config, { nagLoggers: [recorder] });
    app.synth();
    return { records: recorder.records, snapshot: readSnapshot(outdir), tree: readConstructTree(outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
