import type { S3Client } from '@aws-sdk/client-s3';
import { silentLogger } from '../../lambda/shared/logger';
import type { PurgeBucketState } from '../../lambda/tenant-termination/contract';
import { planPurge } from '../../lambda/tenant-termination/plan-purge';
import { purgeBucketStep } from '../../lambda/tenant-termination/purge-bucket';
import { plainSealer as sealer } from './plain-sealer';
import { LOGS_CATALOG as catalog, LOGS_TARGET as target } from './termination-logs-bucket';

/**
 * Plans tenant acme's purge of the logs bucket into up to `shardsPerBucket` shards and runs each
 * shard's PurgeBucket slices of `maxPages` pages to the end, one shard after another, as the
 * fan-out's children would: the versions each shard deleted, in the plan's order.
 */
export async function purgeShardByShard(s3: S3Client, shardsPerBucket: number, maxPages: number): Promise<number[]> {
  const deps = { s3: () => s3, catalog, sealer };
  const plan = await planPurge(
    { ...deps, shardsPerBucket, purgeConcurrency: 8 },
    { tenantId: 'acme', dryRun: false, buckets: [target] },
  );
  const deleted: number[] = [];
  for (const item of plan.shards) {
    let state: PurgeBucketState | undefined;
    do state = await purgeBucketStep({ ...deps, maxPages, log: silentLogger }, state ?? item);
    while (!state.done);
    deleted.push(state.totals.deletedVersions);
  }
  return deleted;
}
