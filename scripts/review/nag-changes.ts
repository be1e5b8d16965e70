import type { NagRecord } from '../../lib/nag/nag-findings-recorder';
import { entryKey, suppressionEntries, type SuppressionEntry } from '../docs/suppression-ledger';

export interface SuppressionChanges {
  readonly added: SuppressionEntry[];
  readonly removed: SuppressionEntry[];
}

/** Suppression decisions that appear or disappear between two synths, each with its reason. */
export function suppressionChanges(base: readonly NagRecord[], head: readonly NagRecord[]): SuppressionChanges {
  const before = new Map(suppressionEntries(base).map((e) => [entryKey(e), e]));
  const after = new Map(suppressionEntries(head).map((e) => [entryKey(e), e]));
  return {
    added: [...after.entries()].filter(([k]) => !before.has(k)).map(([, e]) => e),
    removed: [...before.entries()].filter(([k]) => !after.has(k)).map(([, e]) => e),
  };
}

/** What one pack concluded over a whole synth. */
export interface PackCounts {
  readonly compliant: number;
  readonly suppressed: number;
  readonly failing: number;
}

export interface PackCountChange {
  readonly pack: string;
  readonly before: PackCounts;
  readonly after: PackCounts;
}

export function packCounts(records: readonly NagRecord[]): Map<string, PackCounts> {
  const counts = new Map<string, { compliant: number; suppressed: number; failing: number }>();
  for (const r of records) {
    const c = counts.get(r.pack) ?? { compliant: 0, suppressed: 0, failing: 0 };
    if (r.outcome === 'compliant') c.compliant += 1;
    else if (r.outcome === 'suppressed' || r.outcome === 'suppressed-error') c.suppressed += 1;
    else c.failing += 1;
    counts.set(r.pack, c);
  }
  return counts;
}

const ZERO: PackCounts = { compliant: 0, suppressed: 0, failing: 0 };
const same = (a: PackCounts, b: PackCounts) => a.compliant === b.compliant && a.suppressed === b.suppressed && a.failing === b.failing;

/** Check counts per pack on both sides, only for packs whose counts differ. */
export function packCountChanges(base: readonly NagRecord[], head: readonly NagRecord[]): PackCountChange[] {
  const before = packCounts(base);
  const after = packCounts(head);
  return [...new Set([...before.keys(), ...after.keys()])]
    .sort()
    .map((pack) => ({ pack, before: before.get(pack) ?? ZERO, after: after.get(pack) ?? ZERO }))
    .filter((c) => !same(c.before, c.after));
}
