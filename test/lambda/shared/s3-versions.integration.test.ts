import {
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { countUnderPrefix, abortMultipartUploads, purgePrefix } from '../../../lambda/shared/s3-versions';
import { useMoto } from '../../support/moto';
import { createVersionedBucket, seedTenant } from '../../support/s3-fixtures';

const moto = useMoto();
let s3: S3Client;

beforeAll(async () => {
  s3 = new S3Client(moto.clientConfig());
});
afterAll(async () => {
  s3?.destroy();
});
beforeEach(() => moto.reset());

/** Every version and delete marker in a bucket, as `key version-id kind`, in listing order. */
async function everyVersion(client: S3Client, bucket: string): Promise<string[]> {
  const out: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({
      Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker,
    }));
    for (const v of page.Versions ?? []) out.push(`${v.Key} ${v.VersionId} version`);
    for (const m of page.DeleteMarkers ?? []) out.push(`${m.Key} ${m.VersionId} marker`);
    if (!page.IsTruncated) return out.sort();
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

describe('purging a tenant prefix on a real S3 API (moto)', () => {
  test('deletes >1000 versions, delete markers and uploads of acme, and leaves acme-2 intact', async () => {
    await createVersionedBucket(s3, 'logs');
    const acme = await seedTenant(s3, 'logs', 'tenants/acme/', { keys: 420, versionsPerKey: 3, markerEvery: 4, uploads: 2 });
    const neighbour = await seedTenant(s3, 'logs', 'tenants/acme-2/', { keys: 30, versionsPerKey: 2, markerEvery: 3, uploads: 1 });

    const result = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', concurrency: 3 });
    await abortMultipartUploads(s3, { bucket: 'logs', prefix: 'tenants/acme/' });

    expect(result).toMatchObject({ deletedVersions: acme.versions, deletedMarkers: acme.markers, retained: [], done: true });
    expect(result.pages).toBeGreaterThan(1);
    expect(await countUnderPrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/' })).toEqual({ versions: 0, deleteMarkers: 0, uploads: 0 });
    expect(await countUnderPrefix(s3, { bucket: 'logs', prefix: 'tenants/acme-2/' })).toEqual({
      versions: neighbour.versions, deleteMarkers: neighbour.markers, uploads: neighbour.uploads,
    });
  });

  test('never touches a neighbour: acme2 (whose id extends acme), keys of no tenant, odd characters on both sides', async () => {
    await createVersionedBucket(s3, 'logs');
    // moto turns a carriage return into a line feed in a listing (../shared/field-notes.md), so acme's
    // odd keys here have none; the neighbour's have one, and must survive whatever the listing says.
    const acmeKeys = [
      'tenants/acme/a b+c%2F.json', 'tenants/acme/<&>"\'.json', 'tenants/acme/ünï/😀.json',
      ...[1, 2, 3, 4].map((d) => `tenants/acme/device-${d}/2026/11/01/x y.json`),
    ];
    const neighbourKeys = [
      'tenants/acme2/line\r.json', 'tenants/acme2/a b+c%2F.json', 'tenants/acme2/device-1/2026/11/01/x.json', 'tenants/acme%2Fx.json',
      'tenants/acme', 'tenants/acme\u00e9/x.json', 'tenants/acme-2/x.json',
    ];
    for (const key of [...acmeKeys, ...neighbourKeys]) {
      for (let v = 0; v < 2; v++) await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: key, Body: `${v}` }));
    }
    await seedTenant(s3, 'logs', 'tenants/acme/', { keys: 40, versionsPerKey: 2, markerEvery: 5 });
    await seedTenant(s3, 'logs', 'tenants/acme2/', { keys: 20, versionsPerKey: 2, markerEvery: 5 });
    const neighbours = async () => (await everyVersion(s3, 'logs')).filter((v) => !v.startsWith('tenants/acme/'));
    const before = await neighbours();
    expect(before.length).toBeGreaterThan(2 * neighbourKeys.length);

    // Deletes seen on the wire: only keys acme has.
    const named: string[] = [];
    const watched = new S3Client(moto.clientConfig());
    watched.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'DeleteObjectsCommand') {
        named.push(...(args.input as { Delete: { Objects: { Key: string }[] } }).Delete.Objects.map((o) => o.Key));
      }
      return next(args);
    }, { step: 'initialize', name: 'watchDeletes' });
    // Slices of a few versions each, so listings resume from markers many times. (Ranges that start after a
    // boundary key are not run here: moto drops the first version after a key marker that is not a key.)
    let state = await purgePrefix(watched, { bucket: 'logs', prefix: 'tenants/acme/', maxPages: 1, pageSize: 7 });
    let slices = 1;
    for (; !state.done && slices < 100; slices++) {
      state = await purgePrefix(watched, { bucket: 'logs', prefix: 'tenants/acme/', maxPages: 1, pageSize: 7, cursor: state.cursor });
    }
    watched.destroy();

    expect(state.done).toBe(true);
    expect(slices).toBeGreaterThan(5);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((k) => !k.startsWith('tenants/acme/'))).toEqual([]);
    for (const key of acmeKeys) expect(named).toContain(key);
    expect(await countUnderPrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/' })).toEqual({ versions: 0, deleteMarkers: 0, uploads: 0 });
    expect(await neighbours()).toEqual(before);
  });

  test('a crash after the first delete batch resumes from the checkpoint and finishes', async () => {
    await createVersionedBucket(s3, 'logs');
    const acme = await seedTenant(s3, 'logs', 'tenants/acme/', { keys: 500, versionsPerKey: 3 });

    // First invocation: one page per call, completes and hands back a checkpoint.
    const first = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', maxPages: 1 });
    expect(first.done).toBe(false);

    // Second invocation crashes: its first delete goes through, the next one fails.
    const crashing = new S3Client(moto.clientConfig());
    let deletes = 0;
    crashing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DeleteObjectsCommand' && ++deletes > 1) throw new Error('injected crash');
        return next(args);
      },
      { step: 'initialize', name: 'injectCrash' },
    );
    await expect(purgePrefix(crashing, { bucket: 'logs', prefix: 'tenants/acme/', cursor: first.cursor, concurrency: 1 })).rejects.toThrow(
      'injected crash',
    );
    crashing.destroy();

    // The state machine retries from the last checkpoint it holds: the first call's cursor.
    const resumed = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', cursor: first.cursor });
    expect(resumed.done).toBe(true);
    expect(await countUnderPrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/' })).toEqual({ versions: 0, deleteMarkers: 0, uploads: 0 });
    // Versions deleted by the crashed call are gone before the resume lists them, so counts never exceed what existed.
    expect(first.deletedVersions + resumed.deletedVersions).toBeLessThanOrEqual(acme.versions);
  });

  test('a version under legal hold is reported as retained with a reason, never as deleted', async () => {
    await createVersionedBucket(s3, 'locked', { objectLock: true });
    const held = await s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'tenants/acme/held.json', Body: '{}' }));
    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: 'locked',
        Key: 'tenants/acme/held.json',
        VersionId: held.VersionId,
        LegalHold: { Status: 'ON' },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'tenants/acme/free.json', Body: '{}' }));

    const result = await purgePrefix(s3, { bucket: 'locked', prefix: 'tenants/acme/' });

    expect(result.deletedVersions).toBe(1);
    expect(result.retained).toEqual([
      expect.objectContaining({
        key: 'tenants/acme/held.json',
        versionId: held.VersionId,
        code: expect.stringMatching(/AccessDenied|InvalidRequest/),
      }),
    ]);
    expect(await countUnderPrefix(s3, { bucket: 'locked', prefix: 'tenants/acme/' })).toMatchObject({ versions: 1 });
  });

  test('a dry run against real data reports the count and leaves every version', async () => {
    await createVersionedBucket(s3, 'logs');
    const acme = await seedTenant(s3, 'logs', 'tenants/acme/', { keys: 10, versionsPerKey: 2, markerEvery: 5 });
    const result = await purgePrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/', dryRun: true });
    expect(result.wouldDelete).toBe(acme.versions + acme.markers);
    expect(await countUnderPrefix(s3, { bucket: 'logs', prefix: 'tenants/acme/' })).toMatchObject({ versions: acme.versions });
  });
});
