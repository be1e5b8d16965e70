import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** Creates a versioned bucket in the client's region. */
export async function createVersionedBucket(s3: S3Client, bucket: string, options: { objectLock?: boolean } = {}): Promise<void> {
  const region = await s3.config.region();
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ObjectLockEnabledForBucket: options.objectLock,
      CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as never },
    }),
  );
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
}

/** Runs tasks with at most `limit` in flight. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

/**
 * Seeds `versionsPerKey` versions of `keys` objects under a prefix, a delete marker on every
 * `markerEvery`-th key and `uploads` unfinished multipart uploads. Returns the totals written.
 */
export async function seedTenant(
  s3: S3Client,
  bucket: string,
  prefix: string,
  spec: { keys: number; versionsPerKey: number; markerEvery?: number; uploads?: number },
): Promise<{ versions: number; markers: number; uploads: number }> {
  const keys = Array.from({ length: spec.keys }, (_, k) => `${prefix}obj-${String(k).padStart(5, '0')}.json`);
  // Versions of one key are written one after another: S3 orders a key's versions by time.
  await inParallel(keys, 16, async (key) => {
    for (let n = 0; n < spec.versionsPerKey; n++) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `{"n":${n}}` }));
  });
  const markerKeys = spec.markerEvery
    ? Array.from({ length: spec.keys }, (_, k) => k).filter((k) => k % spec.markerEvery! === 0)
    : [];
  await inParallel(markerKeys, 16, (k) =>
    s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}obj-${String(k).padStart(5, '0')}.json` })),
  );
  for (let u = 0; u < (spec.uploads ?? 0); u++) {
    await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: `${prefix}upload-${u}.bin` }));
  }
  return { versions: spec.keys * spec.versionsPerKey, markers: markerKeys.length, uploads: spec.uploads ?? 0 };
}
