import type { S3Client } from '@aws-sdk/client-s3';
import { sharedPace } from '../shared/delete-pacer';
import { InputError } from '../shared/input-error';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';
import { splitRange } from '../shared/version-ranges';
import type { BucketTarget, PurgePlan, StoreCatalog } from './contract';
import { checkpointContext, sealValue, type StateSealer } from './sealed-state';
import { declaredBucket } from './targets';

export interface PlanPurgeDeps {
  readonly s3: (region: string) => S3Client;
  readonly catalog: StoreCatalog;
  /** Shards per bucket copy at most: items of the Distributed Map, each its own child execution. */
  readonly shardsPerBucket: number;
  /** Child executions the fan-out runs at once (`termination.purgeConcurrency`). */
  readonly purgeConcurrency: number;
  /** Seals each shard's bounds (object keys) before they enter the execution history. */
  readonly sealer: StateSealer;
}

/**
 * Lays out the purge fan-out: each bucket copy's tenant prefix split at sub-prefix boundaries
 * (a Delimiter walk over log type / device, then date) into shards that cover it exactly once.
 * A tenant with a flat prefix gets one shard per bucket. Each shard is sealed to its tenant and
 * bucket copy (sealed-state.ts).
 */
export async function planPurge(
  deps: PlanPurgeDeps,
  input: { tenantId: unknown; dryRun: boolean; buckets: readonly BucketTarget[] },
): Promise<PurgePlan> {
  const tenantId = validateTenantId(input.tenantId);
  if (!(Number.isInteger(deps.shardsPerBucket) && deps.shardsPerBucket >= 1)) {
    throw new InputError('shardsPerBucket', `must be a whole number of at least 1, got ${deps.shardsPerBucket}`);
  }
  if (!(Number.isInteger(deps.purgeConcurrency) && deps.purgeConcurrency >= 1)) {
    throw new InputError('purgeConcurrency', `must be a whole number of at least 1, got ${deps.purgeConcurrency}`);
  }
  const prefix = tenantPrefix(tenantId);
  const shards: PurgePlan['shards'][number][] = [];
  let walkRequests = 0;
  for (const raw of input.buckets) {
    const target = declaredBucket(deps.catalog, raw);
    const { ranges, requests } = await splitRange(
      deps.s3(target.region),
      { prefix },
      { bucket: target.bucket, parts: deps.shardsPerBucket },
    );
    walkRequests += requests;
    const context = checkpointContext(tenantId, target);
    // The fan-out takes items in order, so a bucket copy's shards run together, possibly in one partition.
    const pace = sharedPace(Math.min(ranges.length, deps.purgeConcurrency));
    for (const range of ranges) {
      shards.push({ tenantId, dryRun: input.dryRun === true, target, shard: await sealValue(deps.sealer, context, range), pace });
    }
  }
  return { shards, walkRequests };
}
