import { loadavg } from 'node:os';
import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_PROFILE, KEYS_PER_SECOND_PER_PARTITION } from '../../test/support/s3-model/profile';
import { cdkAutoDelete, type Contender, pipelinedCore, previousCore, terminationFanOut } from './contenders';
import { startRemoteModel } from './remote-model';
import { judge, type Measurement, printTable, projection } from './report';
import { physicalBound, SCENARIOS, TENANT } from './scenarios';

const REGION = 'eu-central-1';
const SIZES = (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number);
const LISTERS = 4;
/**
 * Runs of the pipelined core and of the fan-out at the judged (largest) size: their goals are judged
 * on the median run, since one run of the fan-out varies by up to 12 points. The baselines run once.
 */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const REPEATED_CONTENDERS = new Set([2, 3]); // the pipelined core and the fan-out
const FAN_OUT = 8;
/** Pages per slice of the fan-out's children, as in production (PAGES_PER_INVOCATION). */
const SLICE_PAGES = 200;

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * The purge bench on the S3 model (test/support/s3-model), served by a process of its own so
 * that the model's work does not slow the client down: every contender on the same data, per
 * scenario and size, with the default latency profile (a 1000-entry listing in about 0.3 s, a
 * 1000-key delete in about 1.0 s, ±10 %) and S3's 3,500 deletes per second per partition.
 */
export async function runPurgeBench(): Promise<void> {
  if (SIZES.some((n) => !(Number.isInteger(n) && n > 0))) {
    throw new Error(`BENCH_SIZES must be whole numbers, got ${process.env.BENCH_SIZES}`);
  }
  if (!(Number.isInteger(REPEATS) && REPEATS >= 1)) {
    throw new Error(`BENCH_REPEATS must be a whole number of at least 1, got ${process.env.BENCH_REPEATS}`);
  }
  const judgedSize = Math.max(...SIZES);
  const model = await startRemoteModel({ profile: DEFAULT_PROFILE, keysPerSecond: KEYS_PER_SECOND_PER_PARTITION });
  const s3 = new S3Client(model.clientConfig(REGION));
  const contenders: Contender[] = [
    cdkAutoDelete(model.endpoint, REGION), previousCore(model.clientConfig(REGION)), pipelinedCore(LISTERS),
    terminationFanOut(FAN_OUT, FAN_OUT, SLICE_PAGES),
  ];
  const only = process.env.BENCH_CONTENDERS?.split(',').map(Number);
  const rows: Measurement[] = [];
  const loadBefore = load();
  try {
    for (const scenario of SCENARIOS) {
      await model.configure({ partitions: scenario.partitions(TENANT) });
      for (const versions of SIZES) {
        const runs = contenders.flatMap((contender, i) => {
          if (only && !only.includes(i)) return [];
          const times = versions === judgedSize && REPEATED_CONTENDERS.has(i) ? REPEATS : 1;
          return Array.from({ length: times }, () => [i, contender] as const);
        });
        for (const [i, contender] of runs) {
          // A bucket per run holding the tenant's versions and nothing else (the CDK handler empties whole buckets).
          const bucket = `bench-${rows.length}-${i}`;
          const seeded = await model.seed(bucket, { tenant: TENANT, versions, devices: scenario.devices });
          await model.resetStats();
          const modelCpuBefore = (await model.stats()).cpuMs;
          const cpuBefore = process.cpuUsage();
          const start = process.hrtime.bigint();
          let failed: string | undefined;
          try {
            await contender.run(s3, bucket, `tenants/${TENANT}/`);
          } catch (err) {
            failed = `${(err as Error).name}: ${(err as Error).message}`.slice(0, 120);
          }
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          const cpu = process.cpuUsage(cpuBefore);
          const stats = await model.stats();
          const left = await model.count(bucket);
          if (!failed && left > 0) failed = `${left} versions left`;
          rows.push({
            scenario, contender: contender.name, versions: seeded, seconds, bound: physicalBound(scenario), failed,
            requests: Object.values(stats.requests).reduce((a, b) => a + b, 0), slowDowns: stats.slowDowns,
            clientCpu: (cpu.user + cpu.system) / 1e6 / seconds, modelCpu: (stats.cpuMs - modelCpuBefore) / 1000 / seconds,
            maxInFlight: stats.maxInFlight,
          });
          const outcome = failed ? ` (${failed})` : '';
          process.stderr.write(`  ${scenario.name} / ${seeded} / ${contender.name}: ${seconds.toFixed(1)} s${outcome} (load ${load()})\n`);
          await model.reset();
        }
      }
    }
  } finally {
    s3.destroy();
    await model.stop();
  }
  console.log('\n== Purge on the S3 model: list 1000 in ~0.3 s, delete 1000 in ~1.0 s (±10 %), 3,500 deletes/s per partition ==\n');
  console.log(`load average (1, 5, 15 min) before: ${loadBefore}, after: ${load()}\n`);
  printTable(rows);
  const ours = contenders[2].name;
  console.log('\nGoals (judged at the largest size):');
  const fanOut = contenders[3].name;
  for (const line of judge(rows, SCENARIOS, ours, contenders[0].name, LISTERS, DEFAULT_PROFILE, fanOut)) console.log(`  ${line}`);
  console.log('\nProjection, 100 million versions over 10,000 device prefixes:');
  for (const line of projection(rows, SCENARIOS, ours, FAN_OUT, fanOut)) console.log(`  ${line}`);
}
