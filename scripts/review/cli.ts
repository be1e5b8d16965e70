import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReview } from './render';
import { reviewSynths, weakenings } from './review';
import { readSnapshot } from './snapshot';
import { gitRoot, SynthFailed, synthTree, withBaseWorktree } from './synth-tree';

const USAGE = `usage: npm run review -- --base <git-ref> [-c stewardConfig=<file>] [--out <file>] [--accept-weakening]

Synthesizes <git-ref> (in a temporary git worktree) and the working tree, and writes a Markdown
report of what changed: promises, IAM and security groups, resources, suppressions, check counts.
Exit codes: 0 nothing weakens (or --accept-weakening), 1 a promise weakens, 2 a side does not synthesize or bad usage.`;

export interface ReviewArgs {
  readonly base: string;
  readonly config?: string;
  readonly out?: string;
  readonly acceptWeakening: boolean;
}

/** Parses the command line; a bad argument is an error naming it. */
export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  let base: string | undefined;
  let config: string | undefined;
  let out: string | undefined;
  let acceptWeakening = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg}: needs a value`);
      return v;
    };
    if (arg === '--base') base = value();
    else if (arg.startsWith('--base=')) base = arg.slice('--base='.length);
    else if (arg === '--out') out = value();
    else if (arg === '--accept-weakening') acceptWeakening = true;
    else if (arg === '-c' || arg === '--context') {
      const v = value();
      if (!v.startsWith('stewardConfig=')) throw new Error(`${arg}: only stewardConfig=<file> is understood, got '${v}'`);
      config = v.slice('stewardConfig='.length);
    } else throw new Error(`${arg}: unknown argument (known: --base, -c stewardConfig=..., --out, --accept-weakening)`);
  }
  if (!base) throw new Error('--base: required, e.g. --base main');
  return { base, config, out, acceptWeakening };
}

/** Runs the review of the working tree in `cwd` against a base ref; returns the exit code. */
export function runReview(args: ReviewArgs, cwd: string, log: (s: string) => void = console.log): number {
  const root = gitRoot(cwd);
  const work = mkdtempSync(join(tmpdir(), 'steward-review-out-'));
  try {
    const baseOut = join(work, 'base');
    const headOut = join(work, 'head');
    withBaseWorktree(root, args.base, (tree) => synthTree(`base ${args.base}`, tree, baseOut, args.config));
    synthTree('working tree', root, headOut, args.config);
    const review = reviewSynths(readSnapshot(baseOut), readSnapshot(headOut));
    const report = renderReview(review, { base: args.base, head: 'working tree', config: args.config });
    if (args.out) writeFileSync(args.out, report);
    log(args.out ? `wrote ${args.out}` : report);
    const weak = weakenings(review);
    if (weak.length === 0) return 0;
    if (args.acceptWeakening) {
      log(`accepted ${weak.length} weakening change(s) (--accept-weakening)`);
      return 0;
    }
    const list = weak.map((w) => `  - ${w}`).join('\n');
    log(`\n${weak.length} change(s) weaken a promise; rerun with --accept-weakening once a reviewer agreed:\n${list}`);
    return 1;
  } catch (e) {
    if (e instanceof SynthFailed) {
      const fence = '```';
      log(`# Infrastructure review: ${args.base} → working tree\n\n**${e.side} does not synthesize**; nothing was compared.\n`);
      log(`${fence}\n${e.output.slice(-4000)}\n${fence}\n`);
      return 2;
    }
    throw e;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    process.exitCode = runReview(parseReviewArgs(process.argv.slice(2)), process.cwd());
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  }
}
