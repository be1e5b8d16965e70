import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROMISES } from '../../lib/nag/promises';
import { stacksBuilding } from '../../scripts/generate-security-summary';

const ROOT = join(__dirname, '..', '..');
const keepers = PROMISES.flatMap((p) => (p.keptBy ?? []).map((k) => [`${p.id}: ${k.file} ${k.name}`, k] as const));

/** Test titles are compared with their quotes unescaped, as they read. */
const unescape = (text: string) => text.replace(/\\(['"`\\])/g, '$1');

describe('the promise trace', () => {
  test('names keepers for the promises no synth-time rule can show', () => {
    for (const id of ['P-EARLY-PURGE', 'P-DELETE-ON-TERMINATION', 'P-PORTABILITY', 'P-DSR', 'P-SUPPORT-CONSENT', 'P-OPT-IN']) {
      const promise = PROMISES.find((p) => p.id === id)!;
      expect([id, (promise.keptBy ?? []).some((k) => k.file.startsWith('test/'))]).toEqual([id, true]);
    }
  });

  test.each(keepers)('%s exists', (_label, k) => {
    const path = join(ROOT, k.file);
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    if (k.file.endsWith('.test.ts')) {
      const titles = [...text.matchAll(/\b(?:test|it)(?:\.each\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs)].map((m) => unescape(m[2]));
      expect(titles.filter((t) => t.startsWith(k.name))).not.toEqual([]);
    } else {
      expect(text).toMatch(new RegExp(`export (?:abstract )?(?:async )?(?:class|function|const|interface|type) ${k.name}\\b`));
    }
  });

  test('names the stack that builds each construct from the stacks\' code', () => {
    expect(stacksBuilding('OptInWriter')).toEqual(['data-rights']);
    expect(stacksBuilding('TenantTerminationWorkflow')).toEqual(['tenant-lifecycle']);
    expect(stacksBuilding('NoSuchConstruct')).toEqual([]);
  });
});
