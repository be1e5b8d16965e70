import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { buildStewardApp } from '../../lib/steward-app';
import { newTestApp } from '../support/app';
import { testTempDir } from '../support/temp';

const CFN_LINT = join(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint');

/**
 * cfn-lint's error lines (`file:line:col:line:col:E1234:message`) for some templates. Warnings
 * (W*) and informational matches (I*) are not asserted: several describe CDK's own output
 * (e.g. its bootstrap-version rule) rather than anything the app chooses.
 */
function lintErrors(templates: string[]): string[] {
  const args = ['--format', 'parseable', '--', ...templates];
  let output: string;
  try {
    output = execFileSync(CFN_LINT, args, { encoding: 'utf8' });
  } catch (e) {
    // cfn-lint exits non-zero when it matches anything; the matches are on stdout.
    const stdout = (e as { stdout?: string }).stdout;
    if (stdout === undefined) throw e;
    output = stdout;
  }
  return output.split('\n').filter((line) => /:E\d{4}:/.test(line));
}

describe('cfn-lint over every synthesized template of the default app', () => {
  const outdir = testTempDir('steward-cfn-lint-');

  beforeAll(() => {
    if (!existsSync(CFN_LINT)) throw new Error(`${CFN_LINT} is missing: \`npm test\` installs it (pretest) into .venv`);
  });

  test('reports no errors on any stack', () => {
    const app = newTestApp(outdir);
    // The nag packs are proven by their own tests; here only the templates matter.
    buildStewardApp(app, validateConfig(DEFAULT_CONFIG), { nag: false });
    app.synth();
    const stacks = app.node.children.filter(Stack.isStack);
    const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => join(outdir, f));
    expect(templates).toHaveLength(stacks.length);
    expect(lintErrors(templates)).toEqual([]);
  });

  test('reports an invalid template, so the zero above is meaningful', () => {
    const broken = join(outdir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { NoSuchProperty: true } } } }));
    expect(lintErrors([broken])).toEqual([expect.stringMatching(/:E3002:/)]);
  });
});
