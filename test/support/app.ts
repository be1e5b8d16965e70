import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import type { ResolvedJurisdiction } from '../../lib/config/resolved';
import type { JurisdictionConfig, StewardConfig } from '../../lib/config/types';
import { validateConfig } from '../../lib/config/validate';
import { buildStewardApp, type JurisdictionStacks } from '../../lib/steward-app';
import { testTempDir } from './temp';

/** The feature flags of cdk.json, so tests synthesize exactly what `cdk synth` does. */
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context as Record<string, unknown>;

/** What a test app adds to `cdk synth`'s settings. */
export interface TestAppOptions {
  /** Context the CDK CLI would set (e.g. `aws:cdk:enable-path-metadata`). @default none */
  readonly context?: Record<string, unknown>;
  /**
   * Run aws-cdk-lib's built-in CloudFormation validation, as `cdk synth` does. It costs seconds
   * per synth and judges only what is deployed, so it is on where a test synthesizes the app as
   * `cdk synth` would (test/nag/default-app.test.ts, the three-jurisdiction app) and off on the
   * stacks and constructs tests build for one assertion.
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
}

/**
 * A fresh App with the project's feature flags, writing its assembly (and bundled handlers) into
 * `outdir` or a directory removed after the test file.
 */
export function newTestApp(outdir?: string, options: TestAppOptions = {}): App {
  return new App({
    outdir: outdir ?? testTempDir('steward-cdk-out-'),
    context: { ...CDK_CONTEXT, ...options.context },
    analyticsReporting: false,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
}

/** Builds the whole app (optionally from a changed config) and returns its jurisdictions' stacks. */
export function buildTestApp(config: StewardConfig = DEFAULT_CONFIG, nag = true): JurisdictionStacks[] {
  return buildStewardApp(newTestApp(), validateConfig(config), { nag });
}

/** The default configuration as validation resolves it. */
export const RESOLVED_DEFAULT_CONFIG = validateConfig(DEFAULT_CONFIG);

/** One jurisdiction as validation resolves it, for tests that build a single stack or construct. */
export function resolveJurisdiction(jurisdiction: JurisdictionConfig, appName = 'steward'): ResolvedJurisdiction {
  return validateConfig({ appName, jurisdictions: [jurisdiction] }).jurisdictions[0];
}

/**
 * cdk-nag errors on a stack, as `RuleId: construct path` lines, read from the app's one synthesis
 * (forcing another would run every aspect again). Synthesis itself refuses a stack with error
 * annotations, so the findings are read from that refusal when it happens.
 */
export function nagErrors(stack: Stack): string[] {
  try {
    return (stack.node.root as Stage)
      .synth()
      .getStackArtifact(stack.artifactId)
      .messages.filter((m) => m.level === 'error')
      .map((m) => `${String(m.entry.data).split(':')[0]}: ${m.id}`);
  } catch (e) {
    const report = String((e as Error).message);
    const findings = [...report.matchAll(/ERROR (\S+?): .*\n\s+(\S+)/g)].map((m) => `${m[1]}: ${m[2]}`);
    if (findings.length === 0) throw e;
    return findings;
  }
}

export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}
