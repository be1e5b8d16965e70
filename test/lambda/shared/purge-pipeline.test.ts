import { Readable, Transform } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import type { DeletePacerOptions } from '../../../lambda/shared/delete-pacer';
import { purgeRanges } from '../../../lambda/shared/purge-pipeline';
import type { VersionCursor } from '../../../lambda/shared/s3-delete';
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
  model.configure({ profile: QUICK, keysPerSecond: undefined, partitions: [], now: undefined });
  model.resetStats();
});

/** Keys of acme with characters that a listing or a delete request could get wrong. */
const ODD_ACME_KEYS = [
  'tenants/acme/a b+c%2F.json', 'tenants/acme/line\rbreak.json', 'tenants/acme/<&>"\'.json', 'tenants/acme/ünï/😀.json',
];
/**
 * Keys of no tenant or of a neighbour that a wrong prefix or a wrong decoding would reach: acme2's id
 * extends acme's, `tenants/acme%2F...` decodes once to a key under acme's prefix.
 */
const ODD_NEIGHBOUR_KEYS = [
  'tenants/acme%2Fx.json', 'tenants/acme2/line\r.json', 'tenants/acme2/a+b.json', 'tenants/acme', 'tenants/acme\u00e9/x.json',
];

/** Seeds acme and its neighbours whose ids share its first letters, and odd keys on both sides. */
function seedWithNeighbours(versions: number, devices: number): number {
  const b = model.bucket('logs');
  const n = seedLayout(b, { tenant: 'acme', versions, devices });
  seedLayout(b, { tenant: 'acme-2', versions: 500, devices: Math.min(devices, 3) });
  seedLayout(b, { tenant: 'acme2', versions: 300, devices: Math.min(devices, 2) });
  seedLayout(b, { tenant: 'acm', versions: 50, devices: 0 });
  for (const key of ODD_NEIGHBOUR_KEYS) b.put(key);
  for (const key of ODD_ACME_KEYS) b.put(key);
  neighboursBefore = neighbourVersions();
  return n + ODD_ACME_KEYS.length;
}

let neighboursBefore: string[] = [];
/** Every version outside acme's prefix, by key and version id. */
function neighbourVersions(): string[] {
  return [...model.bucket('logs').all()].filter((v) => !v.key.startsWith('tenants/acme/')).map((v) => `${v.key}\u0000${v.versionId}`);
}

function expectNeighboursUntouched(): void {
  // No delete request ever named a key outside acme's prefix, nor a key acme does not have.
  const named = model.stats().deleteRequestKeys;
  expect(named.filter((k) => !k.startsWith('tenants/acme/'))).toEqual([]);
  for (const key of ODD_ACME_KEYS) expect(named).toContain(key);
  expect(named.filter((k) => k.startsWith('tenants/acme/') && !/^tenants\/acme\/(obj-|device-)/.test(k) && !ODD_ACME_KEYS.includes(k))).toEqual([]);
  // And every neighbour's version is still there, with no delete marker added.
  expect(neighbourVersions()).toEqual(neighboursBefore);
  expect(neighboursBefore.length).toBe(500 + 300 + 50 + ODD_NEIGHBOUR_KEYS.length);
}

describe('pipelined purge on the S3 model', () => {
  test('lists while deletes are in flight, sends only full batches but the last keys, and leaves the neighbours alone', async () => {
    const n = seedWithNeighbours(7500, 0);
    const result = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', pacer: FAST });
    expect(result).toMatchObject({ deletedVersions: n, done: true, retained: [] });
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    const stats = model.stats();
    // The 504 keys of the last page go as two requests of 252: nothing else is left to wait for.
    expect(stats.deleteBatchSizes).toHaveLength(9);
    expect(stats.deleteBatchSizes.filter((s) => s !== 1000)).toEqual([252, 252]);
    expect(stats.requests.ListObjectVersions).toBe(8);
    expect(stats.listsDuringDeletes).toBeGreaterThan(0);
    expectNeighboursUntouched();
  });

  test('the call\'s last keys go as two shorter requests when no delete waits, and as one when deletes wait for the pacer', async () => {
    const flat = (versions: number) => {
      model.reset();
      seedLayout(model.bucket('logs'), { tenant: 'acme', versions, devices: 0 });
      model.resetStats();
    };
    flat(1800);
    await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', pacer: FAST });
    expect(model.stats().deleteBatchSizes).toEqual([1000, 400, 400]);
    // 2,000 keys a second: the second page's batch waits for its slot as the last page comes, so
    // a shorter request would end nothing sooner, and the remainder goes as one.
    flat(2500);
    await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', pacer: { initialRate: 2000, maxRate: 2000 } });
    expect(model.stats().deleteBatchSizes).toEqual([1000, 1000, 500]);
    // Under half a batch left: not worth a request.
    flat(1400);
    await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', pacer: FAST });
    expect(model.stats().deleteBatchSizes).toEqual([1000, 400]);
  });

  test('once half the ranges are listed, batches formed while no delete waits go as halves, at most one per range', async () => {
    // Four devices of 2,500 versions: three pages each, the last part-full. When two ranges are
    // listed, the other two are most likely on their last pages too: a full batch sent then would
    // end a second after the listing, two halves end half a second after it.
    seedLayout(model.bucket('logs'), { tenant: 'acme', versions: 10_000, devices: 4 });
    const { ranges } = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'logs', parts: 4 });
    expect(ranges).toHaveLength(4);
    model.resetStats();
    // A pacer that never holds a delete back, so no timing of the pages makes one wait for it.
    const unpaced = { initialRate: 1e8, maxRate: 1e8 };
    const r = await purgeRanges(s3, { bucket: 'logs', ranges: ranges.map((x) => ({ ...x, done: false })), listers: 4, pacer: unpaced });
    expect(r.done).toBe(true);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    const sizes = model.stats().deleteBatchSizes;
    const full = sizes.filter((s) => s === 1000).length;
    const short = sizes.filter((s) => s < 1000);
    // Ten batches' worth: at most four halved (one per range) and the call's last keys spread over one request more.
    expect(short.length).toBeGreaterThanOrEqual(3);
    expect(sizes.length).toBeLessThanOrEqual(10 + 4 + 1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(full).toBeLessThanOrEqual(8);
    // Deletes waiting for the pacer: halves would end nothing sooner, every batch is full. At 3,000
    // keys/s each batch but the first waits a third of a second, far longer than the listing of
    // two pages a range takes, even on a busy machine.
    model.reset();
    seedLayout(model.bucket('logs'), { tenant: 'acme', versions: 6_000, devices: 4 });
    model.resetStats();
    const paced = await purgeRanges(s3, {
      bucket: 'logs', ranges: ranges.map((x) => ({ ...x, done: false })), listers: 4, pacer: { initialRate: 3000, maxRate: 3000 },
    });
    expect(paced.done).toBe(true);
    expect(model.stats().deleteBatchSizes).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
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
    // One virtual clock for the partition limit, the pacer, the backoff and the deadline: sleeping moves it
    // on at once, so the outcome does not depend on how loaded the machine is.
    const clock = { t: 0 };
    const now = () => clock.t;
    const sleep = async (ms: number) => {
      clock.t += ms;
    };
    // 1000 keys per (virtual) second with batches of 500: the purge needs four seconds, whatever it tries.
    model.configure({ profile: INSTANT_PROFILE, keysPerSecond: 1000, now });
    const slice = (cursor?: VersionCursor, pacer: DeletePacerOptions = {}) => purgePrefix(s3, {
      bucket: 'logs', prefix: 'tenants/acme/', pageSize: 500, cursor, now, deadline: clock.t + 1000,
      pacer: { now, sleep, ...pacer }, backoff: { sleep },
    });
    const first = await slice(undefined, { initialRate: 20000 });
    expect(first.done).toBe(false);
    expect(first.throttles).toBeGreaterThan(0);
    expect(model.stats().slowDowns).toBe(first.throttles);
    expect(first.deletedVersions).toBeGreaterThan(0);
    let state = first;
    let deleted = first.deletedVersions;
    let slices = 1;
    for (; !state.done && slices < 30; slices++) {
      state = await slice(state.cursor);
      deleted += state.deletedVersions;
    }
    expect(state.done).toBe(true);
    expect(slices).toBeGreaterThanOrEqual(3); // at most 1000 keys of burst and 1000 a second: no slice does more than half
    expect(deleted).toBe(n);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });

  test('a range\'s next page is asked for when the head of the one before arrives, while the SDK still parses it', async () => {
    seedLayout(model.bucket('logs'), { tenant: 'acme', versions: 4000, devices: 0 });
    const client = new S3Client(model.clientConfig());
    const listings: { start: number; parsed: number }[] = [];
    client.middlewareStack.add((next, context) => async (args) => {
      const at = { start: performance.now(), parsed: 0 };
      const out = await next(args);
      at.parsed = performance.now();
      if (context.commandName === 'ListObjectVersionsCommand') listings.push(at);
      return out;
    }, { step: 'initialize', name: 'timeListings' });
    // Between the head reader and the SDK's parser: each page waits there as on a busy CPU.
    client.middlewareStack.add((next) => async (args) => {
      const out = await next(args);
      await new Promise((r) => setTimeout(r, 40));
      return out;
    }, { step: 'deserialize', priority: 'low', name: 'slowParse' });
    try {
      const result = await purgeRanges(client, { bucket: 'logs', ranges: [{ prefix: 'tenants/acme/', done: false }], pacer: FAST });
      expect(result).toMatchObject({ deletedVersions: 4000, done: true, requests: { list: 4 } });
    } finally {
      client.destroy();
    }
    listings.sort((a, b) => a.start - b.start);
    expect(listings).toHaveLength(4);
    for (let i = 1; i < listings.length; i++) expect(listings[i].start).toBeLessThan(listings[i - 1].parsed);
  });

  test('a head whose markers the parsed page does not confirm costs a listing and never lists from the wrong place', async () => {
    const n = seedWithNeighbours(3000, 0);
    // Every listing's head claims to go on from the first key, in a comment the SDK's XML parser
    // skips; the HTTP handler is below every middleware, so the head reader reads it too.
    const plain = new S3Client(model.clientConfig());
    type Handled = { response: { statusCode: number; headers: Record<string, string>; body: Readable } };
    const lying = new S3Client({
      ...model.clientConfig(),
      requestHandler: {
        handle: async (request: { query: Record<string, unknown> }, options: unknown) => {
          const out = (await plain.config.requestHandler.handle(request as never, options as never)) as Handled;
          if (!('versions' in request.query) || out.response.statusCode !== 200) return out;
          delete out.response.headers['content-length'];
          let first = true;
          out.response.body = out.response.body.pipe(new Transform({
            transform(chunk: Buffer, _encoding, done) {
              const lie = '$1<!--<IsTruncated>true</IsTruncated><NextKeyMarker>tenants/acme/obj-0000001.json</NextKeyMarker>-->';
              done(null, first ? chunk.toString('utf8').replace(/(<ListVersionsResult[^>]*>)/, lie) : chunk);
              first = false;
            },
          }));
          return out;
        },
      } as never,
    });
    try {
      const result = await purgeRanges(lying, { bucket: 'logs', ranges: [{ prefix: 'tenants/acme/', done: false }], pacer: FAST });
      expect(result).toMatchObject({ deletedVersions: n, done: true });
      // Four pages, and beside each the page its head named, listed and dropped.
      expect(result.requests.list).toBe(8);
    } finally {
      lying.destroy();
      plain.destroy();
    }
    // No version was named twice: the keys admitted are exactly acme's versions.
    expect(model.stats().deleteBatchSizes.reduce((a, b) => a + b, 0)).toBe(n);
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

  test('the Delimiter walk descends log type -> year -> month -> day -> device until it has enough sub-prefixes', async () => {
    const owners = async (layout: { days: string[]; devices: string[]; logTypes: string[] }, level: (key: string) => string) => {
      model.reset();
      const b = model.bucket('logs');
      const put = (tenant: string, logType: string, day: string, device: string) =>
        b.put(`tenants/${tenant}/${logType}/2026/11/${day}/${device}/part-1.json`);
      for (const tenant of ['acme', 'acme2']) {
        for (const logType of layout.logTypes) {
          for (const day of layout.days) for (const device of layout.devices) put(tenant, logType, day, device);
        }
      }
      const { ranges, requests } = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'logs', parts: 4 });
      const keys = [...b.all('tenants/acme/')].map((v) => v.key);
      for (const key of keys) expect(ranges.filter((r) => inRange(r, key))).toHaveLength(1);
      for (const v of b.all('tenants/acme2/')) expect(ranges.filter((r) => inRange(r, v.key))).toHaveLength(0);
      // Each sub-prefix of the level the walk stopped at is listed by one lister.
      const byLevel = new Map<string, Set<number>>();
      for (const key of keys) byLevel.set(level(key), (byLevel.get(level(key)) ?? new Set()).add(ranges.findIndex((r) => inRange(r, key))));
      expect([...byLevel.values()].every((o) => o.size === 1)).toBe(true);
      return { ranges: ranges.length, requests };
    };
    const cut = (parts: number) => (key: string) => key.split('/').slice(0, parts).join('/');
    // Many log types: the first level is enough.
    const logTypes = ['access', 'dns', 'firewall', 'threat'];
    expect(await owners({ logTypes, days: ['01'], devices: ['fw-1'] }, cut(3))).toEqual({ ranges: 4, requests: 1 });
    // One log type, one year, one month: the walk passes through them to the days.
    const days = ['01', '02', '03', '04'];
    expect(await owners({ logTypes: ['firewall'], days, devices: ['fw-1'] }, cut(6))).toEqual({ ranges: 4, requests: 4 });
    // One day: on to the devices.
    const devices = ['fw-1', 'fw-2', 'fw-3', 'fw-4'];
    expect(await owners({ logTypes: ['firewall'], days: ['01'], devices }, cut(7))).toEqual({ ranges: 4, requests: 5 });
  });

  test('several listers feed one batcher: full batches, every version of acme gone, no neighbour touched', async () => {
    const n = seedWithNeighbours(9000, 12);
    const { ranges } = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'logs', parts: 4 });
    model.resetStats();
    const result = await purgeRanges(s3, { bucket: 'logs', ranges: ranges.map((r) => ({ ...r, done: false })), listers: 4, pacer: FAST });
    expect(result).toMatchObject({ deletedVersions: n, done: true });
    const sizes = model.stats().deleteBatchSizes;
    // Full batches but the call's last keys: the remainder, or, when no delete waited for its slot
    // as the last page came, what was left (at least half a batch) spread evenly over one request more.
    const short = sizes.filter((s) => s !== 1000);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil(n / 1000) + 1);
    if (short.length > 1) expect(Math.max(...short) - Math.min(...short)).toBeLessThanOrEqual(1);
    else expect(short).toEqual([n % 1000]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
    expect(model.stats().maxInFlight).toBeGreaterThan(2);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });

  test('on a flat prefix the walk\'s one listing is the purge\'s first page: one listing and one delete per 1,000', async () => {
    const n = seedWithNeighbours(7500, 0);
    model.resetStats();
    const split = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'logs', parts: 4 });
    expect(split.ranges).toHaveLength(1);
    expect(split.firstPage).toBeDefined();
    const result = await purgeRanges(s3, {
      bucket: 'logs', ranges: split.ranges.map((r) => ({ ...r, done: false })), pacer: FAST, firstPage: split.firstPage,
    });
    // One delete more than batches: the last page's 504 keys go as two.
    expect(result).toMatchObject({ deletedVersions: n, done: true, requests: { list: 7, delete: 9 } });
    expect(model.stats().requests).toMatchObject({ ListObjectVersions: Math.ceil(n / 1000), DeleteObjects: Math.ceil(n / 1000) + 1 });
    expect(model.bucket('logs').count('tenants/acme/')).toBe(0);
    expectNeighboursUntouched();
  });

  test('a shard of a flat prefix starting after a key reuses the walk\'s page from there and keeps what lies before', async () => {
    seedWithNeighbours(3000, 0);
    const after = 'tenants/acme/obj-0000100.json';
    const before = [...model.bucket('logs').all()].filter((v) => v.key.startsWith('tenants/acme/') && v.key <= after).length;
    const split = await splitRange(s3, { prefix: 'tenants/acme/', after }, { bucket: 'logs', parts: 4 });
    expect(split.firstPage).toBeDefined();
    const result = await purgeRanges(s3, {
      bucket: 'logs', ranges: split.ranges.map((r) => ({ ...r, done: false })), pacer: FAST, firstPage: split.firstPage,
    });
    expect(result.done).toBe(true);
    expect(model.bucket('logs').count('tenants/acme/')).toBe(before);
    expect([...model.bucket('logs').all()].filter((v) => v.key.startsWith('tenants/acme/')).every((v) => v.key <= after)).toBe(true);
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
