/**
 * Deletion throughput: the termination workflow's purge core against aws-cdk-lib's own
 * auto-delete-objects handler, on the same data in the same moto server, in one run.
 * Prints versions deleted per second and S3 requests per 1000 versions for each, and the ratios,
 * in two modes measured one after the other: raw moto, and moto with a fixed latency added by
 * the counting proxy to every request of every contender (the network round trip to S3).
 *
 *   npm run bench                         # 5000 versions each, 60 ms added in the second mode
 *   BENCH_VERSIONS=10000 BENCH_LATENCY_MS=100 npm run bench
 */
import { join } from 'node:path';
import { PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { countUnderPrefix, purgePrefix } from '../lambda/shared/s3-versions';
import { startMoto } from '../test/support/moto';
import { createVersionedBucket, seedTenant } from '../test/support/s3-fixtures';
import { type CountingProxy, startCountingProxy } from './counting-proxy';
import { runDataRightsBench } from './data-rights/bench';

const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 5000);
/** Milliseconds the proxy adds to every request in the second mode. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 60);
const VERSIONS_PER_KEY = 5;
const REGION = 'eu-central-1';
const CDK_BUCKET = 'cdk-baseline';
/** The purge core's contenders: DeleteObjects requests sent together per window (1: strictly one request at a time). */
const CONCURRENCIES = [1, 4] as const;
const CDK_HANDLER = join(
  __dirname, '..', 'node_modules', 'aws-cdk-lib', 'custom-resource-handlers', 'dist', 'aws-s3', 'auto-delete-objects-handler', 'index.js',
);

interface Figures {
  name: string;
  versions: number;
  seconds: number;
  requests: number;
  byOperation: Record<string, number>;
}

interface Mode {
  label: string;
  latencyMs: number;
}

async function main(): Promise<void> {
  if (!(Number.isFinite(LATENCY_MS) && LATENCY_MS > 0)) throw new Error(`BENCH_LATENCY_MS must be a positive number, got ${process.env.BENCH_LATENCY_MS}`);
  const moto = await startMoto();
  const proxy = await startCountingProxy(moto.endpoint);
  try {
    const s3 = new S3Client({ ...moto.clientConfig(REGION), endpoint: proxy.endpoint });
    const keys = Math.ceil(VERSIONS / VERSIONS_PER_KEY);
    const total = keys * VERSIONS_PER_KEY;
    const ourBuckets = CONCURRENCIES.map((c) => `steward-concurrency-${c}`);
    for (const bucket of [CDK_BUCKET, ...ourBuckets]) await createVersionedBucket(s3, bucket);
    await s3.send(new PutBucketTaggingCommand({
      Bucket: CDK_BUCKET, Tagging: { TagSet: [{ Key: 'aws-cdk:auto-delete-objects', Value: 'true' }] },
    }));

    // The CDK handler builds its client at load time from the environment.
    process.env.AWS_ENDPOINT_URL_S3 = proxy.endpoint;
    process.env.AWS_REGION = REGION;
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cdk = require(CDK_HANDLER) as { autoDeleteHandler(event: unknown): Promise<unknown> };
    const originalLog = console.log;

    const modes: Mode[] = [
      { label: 'raw moto (no added latency)', latencyMs: 0 },
      { label: `moto + ${LATENCY_MS} ms added to every request by the proxy (network round trip model)`, latencyMs: LATENCY_MS },
    ];
    for (const mode of modes) {
      // Every bucket gets the same data before each mode: the tenant's versions and nothing else,
      // because the CDK handler empties whole buckets while the purge core empties one tenant's prefix.
      // Seeding runs without added latency; only the measured deletions pay it.
      proxy.setLatency(0);
      for (const bucket of [CDK_BUCKET, ...ourBuckets]) {
        await seedTenant(s3, bucket, 'tenants/acme/', { keys, versionsPerKey: VERSIONS_PER_KEY });
      }
      proxy.setLatency(mode.latencyMs);
      const baseline = await measure('aws-cdk-lib auto-delete-objects', total, proxy, async () => {
        console.log = () => undefined;
        try {
          await cdk.autoDeleteHandler({ RequestType: 'Delete', ResourceProperties: { BucketName: CDK_BUCKET } });
        } finally {
          console.log = originalLog;
        }
      });
      const ours: Figures[] = [];
      for (const [i, concurrency] of CONCURRENCIES.entries()) {
        const bucket = ourBuckets[i];
        ours.push(await measure(`steward purgePrefix, concurrency ${concurrency}`, total, proxy, async () => {
          const result = await purgePrefix(s3, { bucket, prefix: 'tenants/acme/', concurrency });
          if (result.deletedVersions !== total) throw new Error(`purge deleted ${result.deletedVersions} of ${total}`);
        }));
      }
      proxy.setLatency(0);
      for (const bucket of [CDK_BUCKET, ...ourBuckets]) {
        const left = await countUnderPrefix(s3, { bucket, prefix: 'tenants/acme/' });
        if (left.versions + left.deleteMarkers > 0) throw new Error(`${bucket} still holds ${JSON.stringify(left)}`);
      }
      report(mode, baseline, ours);
    }
    console.log(
      '\nWhy two modes: moto is one Python process that runs requests one at a time under its interpreter lock and\n' +
        'answers in about a millisecond of network, so on raw moto the time is CPU inside moto and requests sent together\n' +
        'cannot finish sooner. S3 is reached over the network: each request waits a round trip of tens to hundreds of\n' +
        `milliseconds, and requests in flight together wait it together. The second mode adds ${LATENCY_MS} ms to every request of\n` +
        'every contender (half on the way in, half on the way out) to stand in for that round trip; it is a model, not S3.\n' +
        'moto also deep-copies every version of the bucket on each listing, so listing several pages before deleting them\n' +
        'costs more here than the aws-cdk-lib handler\'s list-one-delete-one loop; on S3 a listing does not cost more for that.',
    );
  } finally {
    await proxy.close();
    await moto.stop();
  }
}

async function measure(name: string, versions: number, proxy: CountingProxy, run: () => Promise<void>): Promise<Figures> {
  proxy.reset();
  const start = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, versions, seconds, requests: proxy.total(), byOperation: proxy.counts() };
}

function report(mode: Mode, baseline: Figures, ours: Figures[]): void {
  const rate = (f: Figures) => f.versions / f.seconds;
  const per1000 = (f: Figures) => (f.requests / f.versions) * 1000;
  console.log(`\n== ${mode.label}: deleting ${baseline.versions} object versions (same data, requests counted by the proxy) ==\n`);
  for (const f of [baseline, ...ours]) {
    console.log(
      `${f.name.padEnd(36)} ${f.seconds.toFixed(2).padStart(7)} s  ${rate(f).toFixed(0).padStart(6)} versions/s  ` +
        `${per1000(f).toFixed(2).padStart(5)} requests/1000  ${JSON.stringify(f.byOperation)}`,
    );
  }
  console.log('');
  for (const f of ours) {
    console.log(
      `${f.name}: throughput ${(rate(f) / rate(baseline)).toFixed(2)}x aws-cdk-lib in this mode (goal >= 3x), ` +
        `${per1000(f).toFixed(2)} requests/1000 versions (goal <= 2.1, floor 2.0; aws-cdk-lib ${per1000(baseline).toFixed(2)})`,
    );
  }
}

main()
  // The data-rights figures (issue 13) run after the purge figures, in the same `npm run bench`.
  .then(() => runDataRightsBench())
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
