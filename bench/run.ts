/**
 * `npm run bench`: composes the benches, one module each, in one run.
 *
 *   npm run bench                          # purge: 5,000 and 50,000 versions per scenario
 *   BENCH_SIZES=5000 BENCH_DEVICES=8 npm run bench
 *   BENCH_ONLY=purge npm run bench         # one bench (purge or data-rights)
 *   BENCH_CONTENDERS=2 npm run bench       # purge: only these contenders (0 aws-cdk-lib, 1 previous,
 *                                          # 2 pipelined, 3 fan-out)
 *   BENCH_REPEATS=1 npm run bench          # purge: runs of 2 and 3 at the largest size (default 3;
 *                                          # their goals are judged on the median run)
 *   BENCH_DSR_VERSIONS=300000 BENCH_DSR_LATENCY_MS=0 npm run bench   # data rights (defaults shown)
 */
import { runDataRightsBench } from './data-rights/bench';
import { runPurgeBench } from './purge/run';

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'purge' && only !== 'data-rights') {
    throw new Error(`BENCH_ONLY must be purge or data-rights, got ${only}`);
  }
  if (only !== 'data-rights') await runPurgeBench();
  if (only !== 'purge') await runDataRightsBench();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
