import { ORGANISATIONAL_PROMISES, PROMISE_IDS, PROMISES } from '../../lib/nag/promises';
import type { NagRecord } from '../../lib/nag/nag-findings-recorder';
import { STEWARD_RULES } from '../../lib/nag/rules';
import { renderSecuritySummary } from '../../scripts/generate-security-summary';

describe('the promise catalogue', () => {
  test('has one entry per promise id, in order, each with at least one seed sentence', () => {
    expect(PROMISES.map((p) => p.id)).toEqual([...PROMISE_IDS]);
    for (const p of PROMISES) expect(p.seeds.length).toBeGreaterThan(0);
  });

  test('glosses every Dutch (seed 002) sentence in English, and only those', () => {
    const quotes = [...PROMISES.flatMap((p) => p.seeds), ...ORGANISATIONAL_PROMISES.flatMap((o) => o.seeds)];
    for (const q of quotes) expect(q.gloss !== undefined).toBe(q.seed === '002');
  });

  test('names SOC 2 data centres, penetration tests and the DPA/SCCs as organisational', () => {
    expect(ORGANISATIONAL_PROMISES.map((o) => o.title).join(' ')).toMatch(/SOC 2.*penetration.*Standard Contractual Clauses/is);
  });
});

describe('the rules of the pack', () => {
  test('start with the promise they prove and are unique', () => {
    for (const rule of STEWARD_RULES) expect(rule.id.startsWith(`${rule.promise}-`)).toBe(true);
    expect(new Set(STEWARD_RULES.map((r) => r.id)).size).toBe(STEWARD_RULES.length);
  });

  test('name their promise id in the text a finding shows', () => {
    for (const rule of STEWARD_RULES) expect(rule.info.startsWith(`${rule.promise}:`)).toBe(true);
  });
});

describe('renderSecuritySummary', () => {
  const record = (outcome: NagRecord['outcome'], path: string): NagRecord => ({
    pack: 'Steward',
    ruleId: 'Steward-P-PORTAL-MFA-UserPoolOffersMfa',
    outcome,
    stack: 'steward-eu-portal-users',
    path,
    resourceType: 'AWS::Cognito::UserPool',
    findingId: '',
    detail: '',
  });

  test('reports findings of a rule and counts the resources it judged per stack', () => {
    const summary = renderSecuritySummary({
      records: [record('non-compliant', 'a/Pool'), record('compliant', 'b/Pool')],
      facts: [],
      configLabel: 'a test app',
    });
    expect(summary).toContain('| `Steward-P-PORTAL-MFA-UserPoolOffersMfa` | **1 finding** |');
    expect(summary).toContain('| `AWS::Cognito::UserPool` | steward-eu-portal-users 2 |');
  });

  test('says so when no resource of a rule\'s kind exists, and lists promises without a synth-time rule', () => {
    const summary = renderSecuritySummary({ records: [], facts: [], configLabel: 'a test app' });
    expect(summary).toContain('| `Steward-P-PORTAL-MFA-UserPoolOffersMfa` | no resource of this kind |');
    expect(summary).toMatch(/## P-DSR\n[\s\S]*?No synth-time rule/);
  });

  test('says, under P-SUPPORT-CONSENT, what IAM enforces and what only code does', () => {
    const summary = renderSecuritySummary({ records: [], facts: [], configLabel: 'a test app' });
    const section = /## P-SUPPORT-CONSENT\n([\s\S]*?)\n## /.exec(summary)?.[1] ?? '';
    expect(section).toMatch(/How: IAM, at run time: .*one gate per grant/);
    expect(section).toContain('[test/iam/support-gates.test.ts](../test/iam/support-gates.test.ts)');
    expect(section).toMatch(/Enforced only by code: which tenant a gate names: .* a tenant being terminated/);
  });
});
