import { SUPPRESSION_REASON } from '../../lib/nag/suppression-reasons';
import { SUPPRESSION_BUDGET, countSuppressions } from '../../scripts/count-suppressions';
import { recordDefaultAppNag } from '../../scripts/default-app-nag';
import { committedSummary, renderSecuritySummary } from '../../scripts/generate-security-summary';

// The one full-app synthesis of these checks: packs, suppression budget and the generated summary.
describe('the packs the app runs', () => {
  const recorder = recordDefaultAppNag();

  test.each(['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321', 'Steward'])('%s judges resources of the app', (pack) => {
    expect(recorder.records.filter((r) => r.pack === pack && r.outcome === 'compliant').length).toBeGreaterThan(0);
  });

  test('leave no unsuppressed finding and no rule error', () => {
    expect(recorder.failures()).toEqual([]);
  });

  test(`keep suppressions within the declared budget of ${SUPPRESSION_BUDGET}`, () => {
    const counts = countSuppressions(recorder.records);
    expect(counts.decisions).toBeGreaterThan(0);
    expect(counts.decisions).toBeLessThanOrEqual(SUPPRESSION_BUDGET);
  });

  test('give every suppression a reason from lib/nag/suppression-reasons.ts', () => {
    const known = new Set<string>(Object.values(SUPPRESSION_REASON));
    // cdk-nag prefixes the reason of a granular (appliesTo) suppression with the finding id.
    const reasonOf = (detail: string) => detail.replace(/^\[[^\]]*\] /, '');
    const unknown = recorder.records.filter((r) => r.outcome === 'suppressed' && !known.has(reasonOf(r.detail))).map((r) => `${r.ruleId}: ${r.path}`);
    expect(unknown).toEqual([]);
  });
});

describe('docs/security-summary.md', () => {
  test('is what the generator produces from the app now', () => {
    const rendered = renderSecuritySummary(recordDefaultAppNag().records);
    if (committedSummary() !== rendered) {
      throw new Error('docs/security-summary.md differs from what the generator produces now: run `npm run summary` and commit it.');
    }
  });
});
