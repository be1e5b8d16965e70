import { purgeShardByShard } from '../../support/fan-out-shards';
import { seedLayout } from '../../support/s3-model/layouts';
import { INSTANT_PROFILE } from '../../support/s3-model/profile';
import { serveS3Model } from '../../support/s3-model/served';


const served = serveS3Model({ profile: INSTANT_PROFILE });

describe('the purge fan-out covers the tenant prefix', () => {
  // More shards than devices: the walk cuts inside the devices' folders (at days), so shards start
  // after a key inside a sub-prefix, which a delimited listing resumed there does not return again.
  test.each([
    [4, 8],
    [3, 8],
    [1, 8],
    [5, 2],
  ])('%i devices in %i shards: each shard deletes its keys, none of the tenant is left, a neighbour keeps all', async (devices, shards) => {
    served.model.reset();
    const bucket = served.model.bucket('logs');
    const seeded = seedLayout(bucket, { tenant: 'acme', versions: 2000, devices });
    const neighbour = seedLayout(bucket, { tenant: 'acme-2', versions: 400, devices: 2 });
    const deleted = await purgeShardByShard(served.s3, shards, 1);
    expect(deleted.length).toBeGreaterThan(1);
    for (const d of deleted) expect(d).toBeGreaterThan(0);
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(seeded);
    expect(bucket.count('tenants/acme/')).toBe(0);
    expect(bucket.count('tenants/acme-2/')).toBe(neighbour);
  });
});
