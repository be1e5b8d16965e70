import { S3Client } from '@aws-sdk/client-s3';
import { purgeRanges } from '../../../lambda/shared/purge-pipeline';
import { purgePrefix } from '../../../lambda/shared/s3-versions';
import { inRange, splitRange } from '../../../lambda/shared/version-ranges';
import { INSTANT_PROFILE, type LatencyProfile } from '../../support/s3-model/profile';
import { type S3Model, startS3Model } from '../../support/s3-model/server';
import { devicePrefixes, seedLayout } from '../../support/s3-model/layouts';

/**
 * S3's shape scaled down fivefold: a 1000-entry listing in about 60 ms, a 1000-key delete in
 * about 200 ms, so service time (not the client's CPU) decides what overlaps.
 */
const QUICK: LatencyProfile = {
  list: { baseMs: 4, perItemMs: 0.056, jitter: 0.2 },
  delete: { baseMs: 4, perItemMs: 0.196, jitter: 0.2 },
  other: { baseMs: 0 },
};

/** The model's latency is scaled down a hundredfold, so the pacer starts as high. */
const FAST = { initialRate: 350000 };

let model: S3Model;
let s3: S3Client;

beforeAll(async () => {
  model = await startS3Model({ profile: QUICK });
  s3 = new S3Client(model.clientConfig());
});
afterAll(async () => {
  s3?.destroy();
  await model?.stop();
});
beforeEach(() => {
  model.reset();
  model.configure({ profile: QUICK, keysPerSecond: undefined, partitions: [] });
  model.resetStats();
});

/** Seeds acme and its neighbours whose ids share its first letters. */
function seedWithNeighbours(versions: number, devices: number): number {
  const b = model.bucket('logs');
  const n = seedLayout(b, { tenant: 'acme', versions, devices });
  seedLayout(b, { tenant: 'acme-2', versions: 500, devices: Math.min(devices, 3) });
  seedLayout(b, { tenant: 'acm', versions: 50, devices: 0 });
  b.put('tenants/acme'); // a key of no tenant that sorts right before acme's prefix
  return n;
}

function expectNeighboursUntouched(): void {
  const b = model.bucket('logs');
  expect(model.stats().deleteRequestKeys.filter((k) => !k.startsWith('tenants/acme/'))).toEqual([]);
  expect(b.count('tenants/acme-2/')).toBe(500);
  expect(b.count('tenants/acm/')).toBe(50);
  expect(b.count('tenants/acme')).toBe(1 + 500);
}

describe('pipelined purge on the S3 model', () => {
  test('lists while deletes are in flight, sends only full batches but the last, and leaves the neighbours alone', async () => {
    const n = seedWithNeighbours(7500, 0);
    const result = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', pacer: FAST });
    expect(result).toMatchObject({ deletedVersions: n, done: true, retained: [] });
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    const stats = model.stats();
    expect(stats.deleteBatchSizes).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 500]);
    expect(stats.requests.ListObjectVersions).toBe(8);
    expect(stats.listsDuringDeletes).toBeGreaterThan(0);
    expectNeighboursUntouched();
  });

  test('a crash mid-purge resumes from the last page whose deletes were all confirmed', async () => {
    const n = seedWithNeighbours(6000, 0);
    const first = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', maxPages: 2 });
    expect(first).toMatchObject({ deletedVersions: 2000, done: false });
    const crashing = new S3Client(model.clientConfig());
    let deletes = 0;
    crashing.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'DeleteObjectsCommand' && ++deletes > 1) throw new Error('injected crash');
      return next(args);
    }, { step: 'initialize', name: 'injectCrash' });
    await expect(purgePrefix(crashing, { bucket: 'logs', prefix: 'tenants/acme/', cursor: first.cursor })).rejects.toThrow(
      'injected crash',
    );
    crashing.destroy();
    // The state machine retries with the checkpoint it holds; S3 resumes after the deleted marker version.
    const resumed = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', cursor: first.cursor });
    expect(resumed.done).toBe(true);
    expect(first.deletedVersions + resumed.deletedVersions).toBeLessThanOrEqual(n);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });

  test('sustained 503 SlowDown slows the purge and never fails it; a deadline returns a checkpoint to resume from', async () => {
    const n = seedWithNeighbours(4000, 0);
    // 1000 keys per second with batches of 500: the purge needs four seconds, whatever it tries.
    model.configure({ keysPerSecond: 1000 });
    const first = await purgePrefix(s3, {
      bucket: 'logs', prefix: 'tenants/acme/', pageSize: 500, deadline: Date.now() + 1000, pacer: { initialRate: 20000 },
    });
    expect(first.done).toBe(false);
    expect(first.throttles).toBeGreaterThan(0);
    expect(model.stats().slowDowns).toBe(first.throttles);
    let state = first;
    let deleted = first.deletedVersions;
    for (let slice = 0; !state.done && slice < 30; slice++) {
      state = await purgePrefix(s3, {
        bucket: 'logs',
        prefix: 'tenants/acme/',
        pageSize: 500,
        cursor: state.cursor,
        deadline: Date.now() + 1000,
      });
      deleted += state.deletedVersions;
    }
    expect(state.done).toBe(true);
    expect(deleted).toBe(n);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });

  test('moto test mode on the model: one request at a time, and still complete', async () => {
    const n = seedWithNeighbours(3500, 0);
    const result = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', maxPages: 2 });
    const motoLike = new S3Client({ ...model.clientConfig(), stewardS3Semantics: 'moto' } as never);
    const rest = await purgeRanges(motoLike, {
      bucket: 'logs', ranges: [{ prefix: 'tenants/acme/', cursor: result.cursor, done: false }], pageSize: 700,
    });
    motoLike.destroy();
    expect(result.deletedVersions + rest.deletedVersions).toBe(n);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });
});

describe('parallel listing by sub-prefix on the S3 model', () => {
  test('a Delimiter walk splits the tenant into ranges that cover every key exactly once', async () => {
    seedWithNeighbours(3000, 12);
    const b = model.bucket('logs');
    b.put('tenants/acme/device-00003'); // a key equal to a boundary, without its slash
    b.put('tenants/acme/device-00003-old/x.json'); // sorts between device-00003 and device-00003/
    b.put('tenants/acme/loose.json'); // directly under the tenant prefix
    b.put('tenants/acme/'); // a folder object
    const { ranges, requests } = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'logs', parts: 4 });
    expect(ranges).toHaveLength(4);
    expect(requests).toBe(1);
    const keys = [...new Set([...b.all('tenants/acme/')].map((v) => v.key))];
    for (const key of keys) expect(ranges.filter((r) => inRange(r, key))).toHaveLength(1);
    for (const key of [...new Set([...b.all('tenants/acme-2/')].map((v) => v.key)), 'tenants/acme']) {
      expect(ranges.filter((r) => inRange(r, key))).toHaveLength(0);
    }
    // Boundaries fall on device prefixes, so a device's keys are listed by one lister.
    for (const device of devicePrefixes({ tenant: 'acme', devices: 12 })) {
      const owners = new Set(keys.filter((k) => k.startsWith(device)).map((k) => ranges.findIndex((r) => inRange(r, k))));
      expect(owners.size).toBe(1);
    }
  });

  test('several listers feed one batcher: full batches, every version of acme gone, no neighbour touched', async () => {
    const n = seedWithNeighbours(9000, 12);
    const { ranges } = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'logs', parts: 4 });
    model.resetStats();
    const result = await purgeRanges(s3, { bucket: 'logs', ranges: ranges.map((r) => ({ ...r, done: false })), listers: 4, pacer: FAST });
    expect(result).toMatchObject({ deletedVersions: n, done: true });
    const sizes = model.stats().deleteBatchSizes;
    expect(sizes.slice(0, -1).every((s) => s === 1000)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
    expect(model.stats().maxInFlight).toBeGreaterThan(2);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });

  test('bounded slices over parallel ranges resume from their checkpoints and finish', async () => {
    const n = seedWithNeighbours(8000, 6);
    const { ranges } = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'logs', parts: 3 });
    let state = ranges.map((r) => ({ ...r, done: false }));
    let deleted = 0;
    for (let slice = 0; slice < 20 && !state.every((r) => r.done); slice++) {
      const r = await purgeRanges(s3, { bucket: 'logs', ranges: state, listers: 3, maxPages: 2 });
      deleted += r.deletedVersions;
      state = r.ranges;
    }
    expect(state.every((r) => r.done)).toBe(true);
    expect(deleted).toBe(n);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });
});

test('the instant profile serves the same semantics without latency', async () => {
  model.configure({ profile: INSTANT_PROFILE });
  const n = seedWithNeighbours(1200, 2);
  const result = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/' });
  expect(result.deletedVersions).toBe(n);
  expectNeighboursUntouched();
});
