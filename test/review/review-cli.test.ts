import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReviewArgs } from '../../scripts/review/cli';
import { gitRoot, withBaseWorktree } from '../../scripts/review/synth-tree';

describe('npm run review arguments', () => {
  test('take a base, a config, an output file and the acceptance flag', () => {
    const argv = ['--base', 'main', '-c', 'stewardConfig=configs/acme.json', '--out', 'review.md', '--accept-weakening'];
    expect(parseReviewArgs(argv)).toEqual({
      base: 'main',
      config: 'configs/acme.json',
      out: 'review.md',
      acceptWeakening: true,
    });
  });

  test('refuse a missing base, an unknown flag and other context, naming each', () => {
    expect(() => parseReviewArgs([])).toThrow('--base: required');
    expect(() => parseReviewArgs(['--base', 'main', '--acept-weakening'])).toThrow('--acept-weakening: unknown argument');
    expect(() => parseReviewArgs(['--base', 'main', '-c', 'other=1'])).toThrow('-c: only stewardConfig=<file> is understood');
    expect(() => parseReviewArgs(['--base'])).toThrow('--base: needs a value');
  });
});

describe('the base worktree', () => {
  const root = gitRoot(__dirname);
  const isGit = existsSync(join(root, '.git'));

  (isGit ? test : test.skip)('checks out the ref with the working tree\'s node_modules linked, and is removed afterwards', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const seen = withBaseWorktree(root, 'HEAD', (tree) => {
      expect(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: tree, encoding: 'utf8' }).trim()).toBe(head);
      expect(lstatSync(join(tree, 'node_modules')).isSymbolicLink()).toBe(true);
      expect(existsSync(join(tree, 'node_modules', 'aws-cdk-lib', 'package.json'))).toBe(true);
      expect(readFileSync(join(tree, 'cdk.json'), 'utf8')).toContain('bin/steward.ts');
      return tree;
    });
    expect(existsSync(seen)).toBe(false);
    expect(execFileSync('git', ['worktree', 'list'], { cwd: root, encoding: 'utf8' })).not.toContain(seen);
  });
});
