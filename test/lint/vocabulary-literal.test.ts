import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ESLINT = join(ROOT, 'node_modules', '.bin', 'eslint');

interface Finding {
  readonly ruleId: string | null;
  readonly line: number;
  readonly message: string;
}

/** The lint gate's findings for one source text, as if it were the file at `path`. */
function lint(path: string, source: string): Promise<Finding[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', path], { cwd: ROOT }, (err, stdout) => {
      // eslint exits 1 when it finds something; the report is on stdout either way.
      if (err && !stdout) return reject(err);
      resolve((JSON.parse(stdout) as Array<{ messages: Finding[] }>)[0].messages);
    });
    child.stdin?.end(source);
  });
}

// Spelled in pieces, so this file does not trip the rule it tests.
const NS = 'steward';
const SPELLED_OUT = [
  `export const key = '${NS}:data-class';`,
  `export const condition = \`aws:ResourceTag/${NS}:purpose\`;`,
  `export const tags = [{ TagKey: '${NS}:tenant', TagValue: 'acme' }];`,
  `export const reason = 'only keys tagged ${NS}:purpose=tenant-data-key';`,
].join('\n');

describe('the shared vocabulary', () => {
  test('the lint gate refuses a steward: word spelled outside lib/vocabulary.ts, and accepts the imported one', async () => {
    const imported = "import { TAG } from '../vocabulary';\n\nexport const condition = `aws:ResourceTag/${TAG.purpose}`;\n";
    const [spelled, ok, inVocabulary] = await Promise.all([
      lint('lib/constructs/example.ts', `${SPELLED_OUT}\n`),
      lint('lib/constructs/example.ts', imported),
      lint('lib/vocabulary.ts', `${SPELLED_OUT}\n`),
    ]);
    const refused = spelled.filter((m) => m.ruleId === 'no-restricted-syntax');
    expect(refused.map((m) => m.line)).toEqual([1, 2, 3, 4]);
    expect(refused[0].message).toMatch(/lib\/vocabulary\.ts/);
    expect(ok).toEqual([]);
    expect(inVocabulary.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  });

  test('the lint gate refuses an environment variable name of ours spelled where it is set or read, not the runtime\'s', async () => {
    const spelled = [
      "export const table = requiredEnv('REGISTRY_TABLE');",
      "export const buckets = jsonEnv<Record<string, string>>('OPT_IN_BUCKETS');",
      'export const pool = process.env.USER_POOL_ID;',
      "export const environment = { GRANTS_TABLE: 'grants' };",
      "fn.addEnvironment('SUPPORT_ROLE_ARN', arn);",
    ].join('\n');
    const allowed = [
      "import { ENV } from '../../lib/vocabulary';",
      '',
      'export const table = requiredEnv(ENV.registryTable);',
      "export const region = requiredEnv('AWS_REGION');",
      "export const environment = { NODE_OPTIONS: '--enable-source-maps', [ENV.grantsTable]: 'grants' };",
      '',
    ].join('\n');
    const [inHandler, inConstruct, ok] = await Promise.all([
      lint('lambda/example/handler.ts', `${spelled}\n`),
      lint('lib/constructs/example.ts', `${spelled}\n`),
      lint('lambda/example/handler.ts', allowed),
    ]);
    for (const findings of [inHandler, inConstruct]) {
      const refused = findings.filter((m) => m.ruleId === 'no-restricted-syntax');
      expect(refused.map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
      expect(refused[0].message).toMatch(/lib\/vocabulary\.ts \(ENV\)/);
    }
    expect(ok.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  });

  test('lib/vocabulary.ts imports nothing, so Lambda bundles can include it without aws-cdk-lib', () => {
    const source = readFileSync(join(ROOT, 'lib', 'vocabulary.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
