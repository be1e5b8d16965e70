import { PARTITION_DELETE_RATE } from '../../../lambda/shared/delete-pacer';
import { silentLogger } from '../../../lambda/shared/logger';
import type { PurgeBucketState } from '../../../lambda/tenant-termination/contract';
import { planPurge } from '../../../lambda/tenant-termination/plan-purge';
import { purgeBucketStep } from '../../../lambda/tenant-termination/purge-bucket';
import { plainSealer as sealer } from '../../support/plain-sealer';
import { seedLayout } from '../../support/s3-model/layouts';
import { INSTANT_PROFILE } from '../../support/s3-model/profile';
import { serveS3Model } from '../../support/s3-model/served';
import { LOGS_CATALOG as catalog, LOGS_TARGET as target } from '../../support/termination-logs-bucket';

const input = { tenantId: 'acme', dryRun: false, buckets: [target] };

const served = serveS3Model({ profile: INSTANT_PROFILE });
beforeEach(() => served.model.reset());

describe('the pace of a purge fan-out', () => {
  test('PlanPurge starts each shard of a bucket copy at its share of the partition rate, for the shards that run at once', async () => {
    seedLayout(served.model.bucket('logs'), { tenant: 'acme', versions: 2000, devices: 4 });
    const plan = (purgeConcurrency: number) =>
      planPurge({ s3: () => served.s3, catalog, sealer, shardsPerBucket: 4, purgeConcurrency }, input);
    const together = await plan(8);
    expect(together.shards).toHaveLength(4);
    const share = PARTITION_DELETE_RATE / 4;
    for (const s of together.shards) expect(s.pace).toEqual({ rate: share, proven: share, throttled: false });
    // Two children at a time: two shards of the copy share its partition.
    for (const s of (await plan(2)).shards) expect(s.pace?.rate).toBe(PARTITION_DELETE_RATE / 2);
    await expect(plan(0)).rejects.toThrow(/^purgeConcurrency: must be a whole number/);
  });

  test('a slice hands the next one its pace, so a child that S3 throttled does not probe from the start again', async () => {
    seedLayout(served.model.bucket('logs'), { tenant: 'acme', versions: 3000, devices: 0 });
    const deps = { s3: () => served.s3, catalog, maxPages: 1, sealer, log: silentLogger };
    const [shard] = (await planPurge({ ...deps, shardsPerBucket: 1, purgeConcurrency: 8 }, input)).shards;
    // S3 refused 857 keys/s and the child fell back to 600: up to 857 the climb stays additive.
    const slow = { rate: 600, proven: 600, throttled: true, refused: 857 };
    let state: PurgeBucketState = await purgeBucketStep(deps, { ...shard, pace: slow });
    expect(state.done).toBe(false);
    expect(state.pace).toMatchObject({ proven: 600, throttled: true, refused: 857 });
    expect(state.pace!.rate).toBeGreaterThanOrEqual(600);
    expect(state.pace!.rate).toBeLessThan(700); // additive growth only, nowhere near a fresh start at 3,500
    while (!state.done) state = await purgeBucketStep(deps, state);
    expect(state.pace).toMatchObject({ throttled: true });
    expect(state.pace!.rate).toBeLessThan(1000); // a few seconds of 50 keys/s per second
    expect(served.model.bucket('logs').count()).toBe(0);
  });

  test('a hand-edited pace is refused by name before anything is opened or listed', async () => {
    seedLayout(served.model.bucket('logs'), { tenant: 'acme', versions: 100, devices: 0 });
    const deps = { s3: () => served.s3, catalog, maxPages: 1, sealer, log: silentLogger };
    const [shard] = (await planPurge({ ...deps, shardsPerBucket: 1, purgeConcurrency: 8 }, input)).shards;
    served.model.resetStats();
    await expect(purgeBucketStep(deps, { ...shard, pace: { rate: 0, proven: 1, throttled: false } }))
      .rejects.toThrow(/^pace\.rate: must be a positive number/);
    await expect(purgeBucketStep(deps, { ...shard, pace: { rate: 1, proven: 1, throttled: 'yes' as unknown as boolean } }))
      .rejects.toThrow(/^pace\.throttled/);
    await expect(purgeBucketStep(deps, { ...shard, pace: { rate: 1, proven: 1, throttled: true, refused: -5 } }))
      .rejects.toThrow(/^pace\.refused: must be a positive number/);
    await expect(purgeBucketStep(deps, { ...shard, pace: null as unknown as undefined })).rejects.toThrow(/^pace: must be/);
    expect(served.model.stats().requests).toEqual({});
    expect(served.model.bucket('logs').count()).toBe(100);
  });
});
