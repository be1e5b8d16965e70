import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { seedLayout } from './layouts';
import type { LatencyProfile } from './profile';
import { type S3Model, startS3Model } from './server';

/** Fixed service times, no jitter: a listing of n entries takes 100 + n ms, a delete of n keys 200 + n ms. */
const FIXED: LatencyProfile = {
  list: { baseMs: 100, perItemMs: 1 },
  delete: { baseMs: 200, perItemMs: 1 },
  other: { baseMs: 0 },
};

let model: S3Model;
let s3: S3Client;
/** The virtual clock: each reading is 7 ms after the one before, as if the model's own work took that long. */
let clock = 0;
const waits: number[] = [];

beforeAll(async () => {
  model = await startS3Model({
    profile: FIXED,
    now: () => (clock += 7),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  s3 = new S3Client(model.clientConfig());
});
afterAll(async () => {
  s3?.destroy();
  await model?.stop();
});

describe('the S3 model\'s service time', () => {
  test('runs from the request\'s arrival: the model\'s own work is part of it, not added to it', async () => {
    seedLayout(model.bucket('b'), { tenant: 'acme', versions: 10, devices: 0 });
    waits.length = 0;
    await s3.send(new ListObjectVersionsCommand({ Bucket: 'b', Prefix: 'tenants/acme/', MaxKeys: 4 }));
    // Arrival and the start of the wait are one clock reading (7 ms) apart: 104 ms of service, 97 waited.
    expect(waits).toEqual([104 - 7]);
    waits.length = 0;
    await s3.send(new DeleteObjectsCommand({
      Bucket: 'b', Delete: { Objects: [{ Key: 'tenants/acme/obj-0000000.json' }, { Key: 'tenants/acme/obj-0000001.json' }] },
    }));
    expect(waits).toEqual([202 - 7]);
  });
});
