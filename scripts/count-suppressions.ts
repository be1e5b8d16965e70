import type { NagRecord } from '../lib/nag/nag-findings-recorder';
import { recordDefaultAppNag } from './default-app-nag';

/**
 * Most suppression decisions the default app may carry. A decision is one finding on one
 * resource, counted once however many packs raise it: the NIST, HIPAA and PCI packs restate the
 * same AWS Config rules, so one design choice (a replica bucket not replicated again) would
 * otherwise count three times. Raise only with a reason in the commit.
 */
export const SUPPRESSION_BUDGET = 296;

export interface SuppressionCounts {
  /** Suppressed findings, one per pack that raised it. */
  readonly total: number;
  /** Distinct (resource, rule, finding) suppressions, the packs' shared rules counted once. */
  readonly decisions: number;
  readonly byRule: Record<string, number>;
  readonly byStack: Record<string, number>;
}

/** The rule id without its pack prefix, so the packs' shared rules compare equal. */
const sharedRule = (ruleId: string): string => ruleId.replace(/^(NIST\.800\.53\.R5|HIPAA\.Security|PCI\.DSS\.321)-/, 'compliance-');

/** Counts suppressed findings (and suppressed rule errors) by rule id and by stack. */
export function countSuppressions(records: readonly NagRecord[]): SuppressionCounts {
  const byRule: Record<string, number> = {};
  const byStack: Record<string, number> = {};
  const decisions = new Set<string>();
  let total = 0;
  for (const r of records) {
    if (r.outcome !== 'suppressed' && r.outcome !== 'suppressed-error') continue;
    total += 1;
    decisions.add(`${r.path} ${sharedRule(r.ruleId)} ${r.findingId}`);
    byRule[r.ruleId] = (byRule[r.ruleId] ?? 0) + 1;
    byStack[r.stack] = (byStack[r.stack] ?? 0) + 1;
  }
  return { total, decisions: decisions.size, byRule: sortedByKey(byRule), byStack: sortedByKey(byStack) };
}

function sortedByKey(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

function table(title: string, counts: Record<string, number>): string {
  const width = Math.max(...Object.keys(counts).map((k) => k.length), title.length);
  return [title.padEnd(width) + '  count', ...Object.entries(counts).map(([k, n]) => `${k.padEnd(width)}  ${String(n).padStart(5)}`)].join('\n');
}

if (require.main === module) {
  const counts = countSuppressions(recordDefaultAppNag().records);
  console.log(table('rule', counts.byRule));
  console.log();
  console.log(table('stack', counts.byStack));
  console.log();
  console.log(`suppressed findings ${counts.total}; decisions ${counts.decisions} of a budget of ${SUPPRESSION_BUDGET}`);
  if (counts.decisions > SUPPRESSION_BUDGET) process.exitCode = 1;
}
