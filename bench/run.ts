/**
 * `npm run bench`: composes the benches, one module each, in one run.
 *
 *   npm run bench                          # purge: 5,000 and 50,000 versions per scenario
 *   BENCH_SIZES=5000 BENCH_DEVICES=8 npm run bench
 */
import { runPurgeBench } from './purge/run';

async function main(): Promise<void> {
  await runPurgeBench();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
