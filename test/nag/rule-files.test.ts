import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROMISE_IDS } from '../../lib/nag/promises';
import type { StewardRule } from '../../lib/nag/rule-support';
import { STEWARD_RULES } from '../../lib/nag/rules';

const RULES_DIR = join(__dirname, '..', '..', 'lib', 'nag', 'rules');
const RULE_FILES = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

/** `support-role-scoped-to-tenant.ts` -> `SupportRoleScopedToTenant`. */
const pascal = (file: string) =>
  file
    .replace(/\.ts$/, '')
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

describe('one cdk-nag rule per file, named for the rule', () => {
  test.each(RULE_FILES)('%s holds one rule whose id is its promise and its file name', (file) => {
    const exported = Object.values(require(join(RULES_DIR, file)) as Record<string, unknown>);
    const rules = exported.filter((v): v is StewardRule => typeof v === 'object' && v !== null && 'check' in v && 'id' in v);
    expect(rules).toHaveLength(1);
    expect(PROMISE_IDS).toContain(rules[0].promise);
    expect(rules[0].id).toBe(`${rules[0].promise}-${pascal(file)}`);
  });

  test('the pack runs exactly the rules of the files', () => {
    expect(STEWARD_RULES.map((r) => r.id.slice(r.promise.length + 1)).sort()).toEqual(RULE_FILES.map(pascal).sort());
  });
});
