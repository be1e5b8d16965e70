import { factKey, type FactValue, type PromiseFact } from './promise-facts';

/** How a change bears on its promise. */
export type Verdict = 'weakens' | 'strengthens' | 'changes';

/** One promise-level change, rendered as one line of the report. */
export interface FactChange {
  readonly verdict: Verdict;
  readonly promise: string;
  readonly subject: string;
  readonly aspect: string;
  readonly before: string;
  readonly after: string;
  /** What was added or removed, for sets. */
  readonly detail?: string;
}

/** Sets longer than this are described by their size; the change's detail lists what was added and removed. */
const LONGEST_LISTED_SET = 4;

/** A value in words: `30 days`, `no limit`, `eu-west-1, eu-west-3`, `none`, `optional`. */
export function describe(value: FactValue | undefined): string {
  if (value === undefined) return 'absent';
  if (value.kind === 'days') return value.days === null ? 'no limit' : `${value.days} day${value.days === 1 ? '' : 's'}`;
  if (value.kind === 'set') {
    if (value.items.length === 0) return 'none';
    // A long list would bury the one entry that changed; the detail names it.
    return value.items.length > LONGEST_LISTED_SET ? `${value.items.length} entries` : value.items.join(', ');
  }
  return value.level;
}

/** An absent set and an empty one say the same: nothing. */
const isEmpty = (v: FactValue | undefined): boolean => v === undefined || (v.kind === 'set' && v.items.length === 0);

const sameValue = (a: FactValue | undefined, b: FactValue | undefined): boolean =>
  a?.kind === 'set' && b?.kind === 'set' ? a.items.join('\n') === b.items.join('\n') : describe(a) === describe(b);

const asDays = (d: number | null) => d ?? Number.POSITIVE_INFINITY;

function verdictOf(before: FactValue | undefined, after: FactValue | undefined): { verdict: Verdict; detail?: string } {
  const value = after ?? before!;
  if (value.kind === 'set') {
    const was = before?.kind === 'set' ? before.items : [];
    const now = after?.kind === 'set' ? after.items : [];
    const added = now.filter((i) => !was.includes(i));
    const removed = was.filter((i) => !now.includes(i));
    const parts = [added.length > 0 ? `added ${added.join(', ')}` : '', removed.length > 0 ? `removed ${removed.join(', ')}` : ''];
    const detail = parts.filter(Boolean).join('; ');
    const allowed = value.allowed;
    const addedOutside = added.filter((i) => !allowed || !allowed.includes(i));
    if (value.worse === 'added' && addedOutside.length > 0) return { verdict: 'weakens', detail };
    if (value.worse === 'removed' && removed.length > 0) return { verdict: 'weakens', detail };
    if (value.worse === 'removed' && allowed && addedOutside.length > 0) {
      return { verdict: 'weakens', detail: `${detail} (outside the jurisdiction)` };
    }
    const better = value.worse === 'added' ? removed.length > 0 && added.length === 0 : added.length > 0 && removed.length === 0;
    return { verdict: better ? 'strengthens' : 'changes', detail };
  }
  if (before === undefined || after === undefined) return { verdict: 'changes' };
  if (before.kind === 'days' && after.kind === 'days') {
    if (after.worse === 'neither') return { verdict: 'changes' };
    const longer = asDays(after.days) > asDays(before.days);
    return { verdict: longer === (after.worse === 'longer') ? 'weakens' : 'strengthens' };
  }
  if (before.kind === 'level' && after.kind === 'level') {
    return { verdict: after.order.indexOf(after.level) > after.order.indexOf(before.level) ? 'weakens' : 'strengthens' };
  }
  return { verdict: 'changes' };
}

/** The promise-level changes between two synths' facts, weakening first; identical facts give none. */
export function factChanges(base: readonly PromiseFact[], head: readonly PromiseFact[]): FactChange[] {
  const before = new Map(base.map((f) => [factKey(f), f]));
  const after = new Map(head.map((f) => [factKey(f), f]));
  const changes: FactChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(key);
    const a = after.get(key);
    if (sameValue(b?.value, a?.value) || (isEmpty(b?.value) && isEmpty(a?.value))) continue;
    const fact = (a ?? b)!;
    const { promise, subject, aspect } = fact;
    changes.push({ promise, subject, aspect, before: describe(b?.value), after: describe(a?.value), ...verdictOf(b?.value, a?.value) });
  }
  const rank: Record<Verdict, number> = { weakens: 0, changes: 1, strengthens: 2 };
  return changes.sort((x, y) => rank[x.verdict] - rank[y.verdict]);
}
