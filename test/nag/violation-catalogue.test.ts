import type { RenderedStack } from '../../lib/nag/rendered-template-checks';
import { judgeRenderedStacks } from '../../lib/nag/rendered-template-checks';
import { STEWARD_RULES } from '../../lib/nag/rules';
import { STEWARD_PACK_NAME } from '../../lib/nag/security-summary-checks';
import { renderDefaultApp } from '../support/rendered-app';
import { VIOLATIONS } from './violation-catalogue';

// The default app is synthesized once; each violation changes a fresh copy of one stack's template
// and only that stack is judged, so the catalogue costs one synth plus a CfnInclude per entry.
const rendered = renderDefaultApp();
const promiseOf = new Map(STEWARD_RULES.map((r) => [`${STEWARD_PACK_NAME}-${r.id}`, r.promise]));

function stackNamed(short: string): RenderedStack {
  const found = rendered.find((s) => s.stackName === `steward-${short}`);
  if (!found) throw new Error(`catalogue: no stack steward-${short}`);
  return found;
}

/**
 * Stacks judged together with a stack, because its rules read them: the termination workflow's
 * catalogue (tenant-lifecycle) decides coverage of the stores in data and replica.
 */
const COMPANIONS: Record<string, readonly string[]> = {
  data: ['tenant-lifecycle'],
  replica: ['tenant-lifecycle'],
  'tenant-lifecycle': ['data', 'replica'],
};
const companionsOf = (short: string): RenderedStack[] => {
  const [jurisdiction, ...rest] = short.split('-');
  return (COMPANIONS[rest.join('-')] ?? []).map((c) => stackNamed(`${jurisdiction}-${c}`));
};

const failuresOf = (stack: RenderedStack, short: string) =>
  judgeRenderedStacks([stack, ...companionsOf(short)]).records.filter((r) => r.outcome === 'non-compliant' || r.outcome === 'error');

describe('the violation catalogue', () => {
  test('holds at least 60 single-change violations covering every promise with a rule', () => {
    expect(VIOLATIONS.length).toBeGreaterThanOrEqual(60);
    const covered = new Set(VIOLATIONS.map((v) => v.promise));
    const withRules = new Set(STEWARD_RULES.map((r) => r.promise));
    expect([...withRules].filter((p) => !covered.has(p))).toEqual([]);
  });

  test.each([...new Set(VIOLATIONS.map((v) => v.stack))])('control: steward-%s as built is not flagged', (short) => {
    expect(failuresOf(stackNamed(short), short).map((r) => `${r.ruleId}: ${r.path}`)).toEqual([]);
  });

  test.each(VIOLATIONS.map((v) => [`${v.promise}: ${v.name}`, v] as const))('flags %s', (_name, v) => {
    const promises = rulesFlagging(v).map((id) => promiseOf.get(id) ?? id);
    expect(promises).toContain(v.promise);
  });

  test('every rule of the pack flags at least one violating stack of the catalogue', () => {
    // The entries above fill `flagged`; run alone (-t), this test judges the catalogue itself.
    if (flagged.size === 0) VIOLATIONS.forEach(rulesFlagging);
    const unflagged = STEWARD_RULES.map((r) => `${STEWARD_PACK_NAME}-${r.id}`).filter((id) => !flagged.has(id));
    expect(unflagged).toEqual([]);
  });
});

/** Rule ids that flag a violation of the catalogue, by the rules it breaks. */
const flagged = new Set<string>();

function rulesFlagging(v: (typeof VIOLATIONS)[number]): string[] {
  const copy = JSON.parse(JSON.stringify(stackNamed(v.stack))) as RenderedStack;
  v.change((copy as { template: any }).template, copy as any);
  const ids = failuresOf(copy, v.stack).map((r) => r.ruleId);
  for (const id of ids) flagged.add(id);
  return ids;
}
