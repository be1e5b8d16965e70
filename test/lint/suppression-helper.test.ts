import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ESLINT = join(ROOT, 'node_modules', '.bin', 'eslint');

/** The rule ids of the lint gate's findings for one source text, as if it were the file at `path`. */
function ruleIds(path: string, source: string): Promise<Array<string | null>> {
  return new Promise((resolve, reject) => {
    const child = execFile(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', path], { cwd: ROOT }, (err, stdout) => {
      // eslint exits 1 when it finds something; the report is on stdout either way.
      if (err && !stdout) return reject(err);
      resolve((JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>)[0].messages.map((m) => m.ruleId));
    });
    child.stdin?.end(source);
  });
}

const DIRECT = [
  "import { NagSuppressions } from 'cdk-nag';",
  "import type { IConstruct } from 'constructs';",
  '',
  "export const hide = (c: IConstruct) => NagSuppressions.addResourceSuppressions(c, [{ id: 'AwsSolutions-S1', reason: 'x' }]);",
  '',
].join('\n');

describe('one suppression helper module', () => {
  test('the lint gate refuses cdk-nag suppressions called anywhere in lib/ but lib/nag/suppressions.ts', async () => {
    const [construct, stack, helper] = await Promise.all([
      ruleIds('lib/constructs/example.ts', DIRECT),
      ruleIds('lib/stacks/example-stack.ts', DIRECT),
      ruleIds('lib/nag/suppressions.ts', DIRECT),
    ]);
    expect(construct).toContain('no-restricted-imports');
    expect(stack).toContain('no-restricted-imports');
    expect(helper).not.toContain('no-restricted-imports');
  });
});
