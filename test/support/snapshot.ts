import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import type { JurisdictionConfig, StewardConfig } from '../../lib/config/types';
import { validateConfig } from '../../lib/config/validate';
import { buildStewardApp } from '../../lib/steward-app';
import { readSnapshot, type SynthSnapshot } from '../../scripts/review/snapshot';
import { newTestApp } from './app';

/** A custom configuration with the EU jurisdiction only (half the synth time of the default app). */
export function euOnlyConfig(change: Partial<JurisdictionConfig> = {}): StewardConfig {
  return { ...DEFAULT_CONFIG, jurisdictions: [{ ...DEFAULT_CONFIG.jurisdictions[0], ...change }] };
}

/**
 * Synthesizes a configuration in memory, with every nag pack and its reports unless `nag` is
 * false, and reads it back as the review does.
 */
export function synthSnapshot(config: StewardConfig, nag = true): SynthSnapshot {
  const outdir = mkdtempSync(join(tmpdir(), 'steward-snapshot-'));
  try {
    // Construct paths in template metadata, as `cdk synth` writes them by default.
    const app = newTestApp(outdir, { context: { 'aws:cdk:enable-path-metadata': true } });
    buildStewardApp(app, validateConfig(config), { nag });
    app.synth();
    return readSnapshot(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A deep copy whose templates a test may edit, standing in for a code change to the app. */
export function editableCopy(snapshot: SynthSnapshot): SynthSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as SynthSnapshot;
}
