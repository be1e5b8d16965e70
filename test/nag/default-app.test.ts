import { SUPPRESSION_REASON } from '../../lib/nag/suppression-reasons';
import { staleDocs, staleMessage, synthDefaultApp } from '../../scripts/docs/generate';
import { reasonOf } from '../../scripts/docs/suppression-ledger';

// The one full-app synthesis of these checks: packs, suppression reasons and every generated document.
const synth = synthDefaultApp();

describe('the packs the app runs', () => {
  test.each(['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321', 'Steward'])('%s judges resources of the app', (pack) => {
    expect(synth.records.filter((r) => r.pack === pack && r.outcome === 'compliant').length).toBeGreaterThan(0);
  });

  test('leave no unsuppressed finding and no rule error', () => {
    const failing = synth.records.filter((r) => r.outcome === 'non-compliant' || r.outcome === 'error');
    expect(failing.map((r) => `${r.ruleId}: ${r.path}`)).toEqual([]);
  });

  test('give every suppression a reason from lib/nag/suppression-reasons.ts', () => {
    const known = new Set<string>(Object.values(SUPPRESSION_REASON));
    const unknown = synth.records
      .filter((r) => r.outcome === 'suppressed' && !known.has(reasonOf(r.detail)))
      .map((r) => `${r.ruleId}: ${r.path}`);
    expect(unknown).toEqual([]);
  });
});

describe('the generated documents (docs/security-summary.md, docs/suppressions.md, docs/architecture.md)', () => {
  test('are what the generators produce from the app now', () => {
    const stale = staleDocs(synth);
    if (stale.length > 0) throw new Error(staleMessage(stale));
  });
});
