import { purgeShardByShard } from '../../support/fan-out-shards';
import { seedLayout } from '../../support/s3-model/layouts';
import { INSTANT_PROFILE } from '../../support/s3-model/profile';
import { serveS3Model } from '../../support/s3-model/served';

const served = serveS3Model({ profile: INSTANT_PROFILE });

/**
 * Each shard starts at an equal share of the partition's rate, so a shard with half the work of
 * another idles its share for half the run: the fan-out is as fast as its largest shard allows.
 */
describe('the purge fan-out cuts equal shards', () => {
  test.each([
    // 12 day folders: 8 shards would hold 1 or 2 days each; 6 of 2 days finish together.
    [4, 3, 8, 6],
    // 15 day folders: 8 shards of 1 or 2, and no fewer hold at most 2 each, so 8 it stays.
    [5, 3, 8, 8],
    // 6 devices in 4 shards: 1 or 2 devices each; 3 shards of 2.
    [6, 1, 4, 3],
  ])('%i devices x %i days in %i shards: %i shards, none larger than it need be', async (devices, days, shards, expected) => {
    served.model.reset();
    const bucket = served.model.bucket('logs');
    const seeded = seedLayout(bucket, { tenant: 'acme', versions: 6000, devices, days });
    const deleted = await purgeShardByShard(served.s3, shards, 2);
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(seeded);
    expect(deleted).toHaveLength(expected);
    // Folders hold nearly the same versions (the layout deals keys to devices and days in turn):
    // shards of as many folders each delete within a folder's rounding of each other, and where
    // the folders do not divide, shards differ by one folder.
    const folders = devices * days;
    const spread = folders % expected === 0 ? 0.5 : 1.5;
    expect(Math.max(...deleted) - Math.min(...deleted)).toBeLessThan(spread * (seeded / folders));
  });
});
