import { S3Client } from '@aws-sdk/client-s3';
import { silentLogger } from '../../../lambda/shared/logger';
import type { PurgeBucketState, StoreCatalog } from '../../../lambda/tenant-termination/contract';
import { planPurge } from '../../../lambda/tenant-termination/plan-purge';
import { purgeBucketStep } from '../../../lambda/tenant-termination/purge-bucket';
import { plainSealer as sealer } from '../../support/plain-sealer';
import { seedLayout } from '../../support/s3-model/layouts';
import { INSTANT_PROFILE } from '../../support/s3-model/profile';
import { type S3Model, startS3Model } from '../../support/s3-model/server';

const target = { bucket: 'logs', region: 'eu-central-1', dataClass: 'device-logs' };
const catalog: StoreCatalog = { buckets: [target], tables: [], userPools: [] };

let model: S3Model;
let s3: S3Client;
beforeAll(async () => {
  model = await startS3Model({ profile: INSTANT_PROFILE });
  s3 = new S3Client(model.clientConfig());
});
afterAll(async () => {
  s3?.destroy();
  await model?.stop();
});

describe('the purge fan-out covers the tenant prefix', () => {
  // More shards than devices: the walk cuts inside the devices' folders (at days), so shards start
  // after a key inside a sub-prefix, which a delimited listing resumed there does not return again.
  test.each([
    [4, 8],
    [3, 8],
    [1, 8],
    [5, 2],
  ])('%i devices in %i shards: each shard deletes its keys, none of the tenant is left, a neighbour keeps all', async (devices, shards) => {
    model.reset();
    const bucket = model.bucket('logs');
    const seeded = seedLayout(bucket, { tenant: 'acme', versions: 2000, devices });
    const neighbour = seedLayout(bucket, { tenant: 'acme-2', versions: 400, devices: 2 });
    const deps = { s3: () => s3, catalog, sealer };
    const input = { tenantId: 'acme', dryRun: false, buckets: [target] };
    const plan = await planPurge({ ...deps, shardsPerBucket: shards, purgeConcurrency: 8 }, input);
    const deleted: number[] = [];
    for (const item of plan.shards) {
      let state: PurgeBucketState | undefined;
      do state = await purgeBucketStep({ ...deps, maxPages: 1, log: silentLogger }, state ?? item);
      while (!state.done);
      deleted.push(state.totals.deletedVersions);
    }
    expect(plan.shards.length).toBeGreaterThan(1);
    for (const d of deleted) expect(d).toBeGreaterThan(0);
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(seeded);
    expect(bucket.count('tenants/acme/')).toBe(0);
    expect(bucket.count('tenants/acme-2/')).toBe(neighbour);
  });
});
