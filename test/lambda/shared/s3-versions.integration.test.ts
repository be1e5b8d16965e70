import {
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { countUnderPrefix, abortMultipartUploads, purgePrefix } from '../../../lambda/shared/s3-versions';
import { startMoto, type MotoServer } from '../../support/moto';
import { createVersionedBucket, seedTenant } from '../../support/s3-fixtures';

let moto: MotoServer;
let s3: S3Client;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client(moto.clientConfig());
});
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});
beforeEach(() => moto.reset());

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
