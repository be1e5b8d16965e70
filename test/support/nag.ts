import { Aspects, Stack } from 'aws-cdk-lib';
import { newTestApp } from './app';
import { stampJurisdiction, type JurisdictionStamp } from '../../lib/nag/conventions';
import { NagFindingsRecorder } from '../../lib/nag/nag-findings-recorder';
import { SecuritySummaryChecks } from '../../lib/nag/security-summary-checks';
import { judgeRenderedStacks, logicalIdOf } from '../../lib/nag/rendered-template-checks';

/** The EU stamp the rule tests use unless they need another: what the app stamps from a configuration. */
export const EU_STAMP: JurisdictionStamp = {
  id: 'eu',
  regions: ['eu-central-1', 'eu-west-1'],
  primaryRegion: 'eu-central-1',
  internetPorts: [80, 443, 2200, 6514],
  vpnClientCidr: '172.16.0.0/22',
};

export interface RuleStackOptions {
  /** Region of the test stack. @default 'eu-central-1' */
  readonly region?: string;
  /** Jurisdiction stamp; `null` leaves the stack unstamped. @default EU_STAMP */
  readonly stamp?: JurisdictionStamp | null;
}

/** Outcomes of the SecuritySummaryChecks on one small stack that `build` fills. */
export function checkStack(build: (stack: Stack) => void, options: RuleStackOptions = {}): NagFindingsRecorder {
  const app = newTestApp();
  const stack = new Stack(app, 'RuleTest', { env: { region: options.region ?? 'eu-central-1', account: '111111111111' } });
  if (options.stamp !== null) stampJurisdiction(stack, options.stamp ?? EU_STAMP);
  build(stack);
  const recorder = new NagFindingsRecorder();
  Aspects.of(app).add(new SecuritySummaryChecks({ reports: false, additionalLoggers: [recorder] }));
  try {
    app.synth();
  } catch (e) {
    // Synthesis refuses a stack with error findings after the recorder has seen them all.
    if (!String((e as Error).message).includes('A copy of this report can be found in')) throw e;
  }
  return recorder;
}

/**
 * Findings of one rule (`Steward-<ruleId>`) on a small stack, as `path[finding]` strings, and
 * how many resources it judged compliant, so a test can show the rule ran and passed.
 */
export function ruleOutcome(
  ruleId: string,
  build: (stack: Stack) => void,
  options?: RuleStackOptions,
): { failures: string[]; compliant: number } {
  const fullId = `Steward-${ruleId}`;
  const recorder = checkStack(build, options);
  const mine = recorder.records.filter((r) => r.ruleId === fullId);
  return {
    failures: mine
      .filter((r) => r.outcome === 'non-compliant' || r.outcome === 'error')
      .map((r) => `${r.path}${r.findingId ? `[${r.findingId}]` : ''}${r.outcome === 'error' ? ` error: ${r.detail}` : ''}`),
    compliant: mine.filter((r) => r.outcome === 'compliant').length,
  };
}

/** One hand-written template for `renderedOutcome`: its resources (and outputs), the stack's region and stamp. */
export interface RenderedFixture {
  readonly name: string;
  /** @default 'eu-central-1' */
  readonly region?: string;
  /** `null` leaves the stack unstamped. @default EU_STAMP */
  readonly stamp?: JurisdictionStamp | null;
  readonly resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  /** @default none */
  readonly outputs?: Record<string, { Value: unknown }>;
}

/**
 * Findings of one rule over templates as CloudFormation receives them (the way synth judges the
 * app), as `stack/logicalId[finding]`, and how many resources it judged compliant.
 */
export function renderedOutcome(ruleId: string, fixtures: readonly RenderedFixture[]): { failures: string[]; compliant: number } {
  const recorder = judgeRenderedStacks(fixtures.map((f) => ({
    stackName: f.name,
    region: f.region ?? 'eu-central-1',
    account: '111111111111',
    template: { Resources: f.resources, ...(f.outputs ? { Outputs: f.outputs } : {}) },
    jurisdiction: f.stamp === null ? undefined : f.stamp ?? EU_STAMP,
  })));
  const mine = recorder.records.filter((r) => r.ruleId === `Steward-${ruleId}`);
  return {
    failures: mine
      .filter((r) => r.outcome === 'non-compliant' || r.outcome === 'error')
      .map((r) => {
        const finding = r.findingId ? `[${r.findingId}]` : '';
        return `${r.stack}/${logicalIdOf(r.path)}${finding}${r.outcome === 'error' ? ` error: ${r.detail}` : ''}`;
      }),
    compliant: mine.filter((r) => r.outcome === 'compliant').length,
  };
}
