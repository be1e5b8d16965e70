import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { NagRecord } from '../../lib/nag/nag-findings-recorder';
import { nagRecordsFromCsv, nagReportFileOf } from './nag-report-csv';
import { METADATA } from '../../lib/vocabulary';

/** The stack metadata the review and the generated documents read. */
const STEWARD_METADATA: readonly string[] = [METADATA.jurisdiction, METADATA.internetIngress];

/** A CloudFormation template as JSON. */
export type Template = { Resources?: Record<string, CfnResourceJson>; [key: string]: unknown };

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly Metadata?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** One synthesized stack: what the review compares. */
export interface StackSnapshot {
  readonly name: string;
  /** Region of the stack's environment, or `unknown`. */
  readonly region: string;
  readonly template: Template;
  /** The app's own construct metadata on the stack node (jurisdiction stamp, declared ingress), by type. */
  readonly stewardMetadata: Record<string, unknown[]>;
  /** Names of the stacks this one depends on. */
  readonly dependencies: readonly string[];
}

/** Everything the review reads from one synth: templates and the outcome of every nag check. */
export interface SynthSnapshot {
  readonly stacks: readonly StackSnapshot[];
  readonly nag: readonly NagRecord[];
}

/**
 * Reads a cloud assembly directory (what `cdk synth -o <dir>` or `app.synth()` wrote): every
 * CloudFormation stack with its region and `steward:` stack metadata, and the cdk-nag CSV reports.
 */
export function readSnapshot(dir: string): SynthSnapshot {
  const assembly = new CloudAssembly(dir);
  const stacks = assembly.stacksRecursively.map((s): StackSnapshot => {
    const stewardMetadata: Record<string, unknown[]> = {};
    for (const [path, entries] of Object.entries(s.metadata)) {
      if (path !== `/${s.hierarchicalId}`) continue;
      for (const e of entries) {
        if (STEWARD_METADATA.includes(e.type)) (stewardMetadata[e.type] ??= []).push(e.data);
      }
    }
    const dependencies = s.dependencies
      .filter((d) => d.manifest.type === 'aws:cloudformation:stack')
      .map((d) => (d as typeof s).stackName ?? d.id)
      .sort();
    return { name: s.stackName, region: s.environment.region, template: s.template as Template, stewardMetadata, dependencies };
  });
  const nag = readdirSync(dir)
    .sort()
    .flatMap((file) => {
      const report = nagReportFileOf(file);
      return report ? nagRecordsFromCsv(report.pack, report.stack, readFileSync(join(dir, file), 'utf8')) : [];
    });
  return { stacks: [...stacks].sort((a, b) => a.name.localeCompare(b.name)), nag };
}
