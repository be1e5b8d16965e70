import type { NagRecord } from '../lib/nag/nag-findings-recorder';
import { recordDefaultAppNag } from './default-app-nag';

/**
 * Most suppressed findings the default app may carry. Three compliance packs restate the same
 * AWS Config rules, so one deliberate design choice (e.g. a replica bucket that is not
 * replicated again) counts three times. Raise only with a reason in the commit.
 */
export const SUPPRESSION_BUDGET = 302;

export interface SuppressionCounts {
  readonly total: number;
  readonly byRule: Record<string, number>;
  readonly byStack: Record<string, number>;
}

/** Counts suppressed findings (and suppressed rule errors) by rule id and by stack. */
export function countSuppressions(records: readonly NagRecord[]): SuppressionCounts {
  const byRule: Record<string, number> = {};
  const byStack: Record<string, number> = {};
  let total = 0;
  for (const r of records) {
    if (r.outcome !== 'suppressed' && r.outcome !== 'suppressed-error') continue;
    total += 1;
    byRule[r.ruleId] = (byRule[r.ruleId] ?? 0) + 1;
    byStack[r.stack] = (byStack[r.stack] ?? 0) + 1;
  }
  return { total, byRule: sortedByKey(byRule), byStack: sortedByKey(byStack) };
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
  console.log(`total ${counts.total} of a budget of ${SUPPRESSION_BUDGET}`);
  if (counts.total > SUPPRESSION_BUDGET) process.exitCode = 1;
}
