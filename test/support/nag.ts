import { Aspects, Stack } from 'aws-cdk-lib';
import { newTestApp } from './app';
import { stampJurisdiction, type JurisdictionStamp } from '../../lib/nag/conventions';
import { NagFindingsRecorder } from '../../lib/nag/nag-findings-recorder';
import { SecuritySummaryChecks } from '../../lib/nag/security-summary-checks';

/** The EU stamp the rule tests use unless they need another. */
export const EU_STAMP: JurisdictionStamp = { id: 'eu', regions: ['eu-central-1', 'eu-west-1'] };

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
