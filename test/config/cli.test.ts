import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configErrorBlock, stewardConfigArgument } from '../../lib/config/cli';
import { ConfigLoadError } from '../../lib/config/config-error';
import { jsonSyntaxMessage, loadConfig } from '../../lib/config/load';
import { testTempDir } from '../support/temp';

const ROOT = join(__dirname, '..', '..');
const dir = testTempDir('steward-cli-');

describe('the stewardConfig argument', () => {
  test.each([
    [['-c', 'stewardConfig=my.json'], 'my.json'],
    [['--context', 'stewardConfig=a/b.json'], 'a/b.json'],
    [['-c=stewardConfig=x.json'], 'x.json'],
    [['-c', 'other=1', '--quiet'], undefined],
  ])('is read from %j', (args, expected) => {
    expect(stewardConfigArgument(args)).toBe(expected);
  });
});

describe('JSON syntax errors', () => {
  test('name the line and column', () => {
    const file = join(dir, 'trailing-comma.json');
    writeFileSync(file, '{\n  "appName": "steward",\n}\n');
    expect(() => loadConfig(file)).toThrow(ConfigLoadError);
    expect(() => loadConfig(file)).toThrow(/trailing-comma\.json': invalid JSON at line 3, column 1: /);
  });

  test('at the end of the input point past the last character', () => {
    expect(jsonSyntaxMessage('{\n "a": ', 'Unexpected end of JSON input')).toBe(
      'invalid JSON at line 2, column 7: Unexpected end of JSON input',
    );
  });

  test('Node 22 wording with its own line and column is read the same way', () => {
    expect(jsonSyntaxMessage('{\n}x', 'Unexpected non-whitespace character after JSON at position 3 (line 2 column 2)')).toBe(
      'invalid JSON at line 2, column 2: Unexpected non-whitespace character after JSON',
    );
  });
});

describe('config errors on the command line', () => {
  test('are one block', () => {
    expect(configErrorBlock(new ConfigLoadError('x.json', 'ENOENT'))).toMatch(
      /^stewardConfig: cannot read configuration file 'x\.json': ENOENT\n\nFields: docs\/configuration\.md/,
    );
    expect(configErrorBlock(new Error('other'))).toBeUndefined();
  });

  test('the app prints them without a stack trace and exits 1', () => {
    const file = join(dir, 'typo.json');
    writeFileSync(
      file,
      JSON.stringify({
        appName: 'steward',
        jurisdictions: [{ id: 'ca', displayName: 'Canada', primaryRegion: 'ca-central-1', replicaRegion: 'ca-wset-1' }],
        terminaton: {},
      }),
    );
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/steward.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      // tsx keeps its cache in the temp directory; a directory of this file's keeps the run's temp directory clean.
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stewardConfig: file }), TMPDIR: testTempDir('steward-tsx-') },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'Invalid steward configuration (2 problems):',
      expect.stringMatching(/^ {2}- terminaton: unknown field 'terminaton'; did you mean 'termination'\?/),
      expect.stringMatching(/^ {2}- jurisdictions\[0\]\.replicaRegion: unknown AWS region 'ca-wset-1'; did you mean 'ca-west-1'\?/),
      '',
      'Fields: docs/configuration.md. Examples: config/examples/.',
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
