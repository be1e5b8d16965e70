import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** A synth that did not complete: the review reports it instead of comparing. */
export class SynthFailed extends Error {
  constructor(
    readonly side: string,
    readonly output: string,
  ) {
    super(`${side} does not synthesize:\n${output}`);
  }
}

/** The top of the git work tree that holds `dir`. */
export function gitRoot(dir: string): string {
  return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' }).trim();
}

/**
 * Synthesizes the app in a work tree into `outdir` with the project's own CDK CLI (offline: no
 * lookups, no notices), so a commit is judged by exactly what its `cdk synth` builds. A relative
 * config path is read inside that tree, so the base uses its own version of the file.
 */
export function synthTree(side: string, treeDir: string, outdir: string, configPath?: string): void {
  const cdk = join(treeDir, 'node_modules', '.bin', 'cdk');
  const args = ['synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', outdir];
  if (configPath) args.push('-c', `stewardConfig=${isAbsolute(configPath) ? configPath : resolve(treeDir, configPath)}`);
  const run = spawnSync(cdk, args, { cwd: treeDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new SynthFailed(side, `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() || String(run.error));
}

/**
 * Checks out `ref` into a temporary `git worktree` (detached), sharing the head tree's node_modules
 * through a symlink so nothing is installed, runs `use` on it, and removes the worktree again.
 */
export function withBaseWorktree<T>(repoDir: string, ref: string, use: (treeDir: string) => T): T {
  const parent = mkdtempSync(join(tmpdir(), 'steward-review-'));
  const treeDir = join(parent, 'base');
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', treeDir, ref], { cwd: repoDir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const modules = join(repoDir, 'node_modules');
    if (!existsSync(modules)) throw new Error(`node_modules: not found in ${repoDir}; run npm ci first`);
    symlinkSync(modules, join(treeDir, 'node_modules'), 'dir');
    return use(treeDir);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', treeDir], { cwd: repoDir, stdio: 'ignore' });
    rmSync(parent, { recursive: true, force: true });
  }
}
