import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { InputError } from './input-error';
import { type BackoffOptions, backoffDelay, isRetryable, sleep, withBackoff } from './retry';
import { decodeListedKey, hashedKey, LISTING_ENCODING } from './s3-keys';
import { isUnderPrefix, TENANT_ID_PATTERN } from './tenant-id';

/** Where a version listing resumes: the markers S3 returned with the last page listed. */
export interface VersionCursor {
  readonly keyMarker: string;
  readonly versionIdMarker?: string;
  /**
   * The version the markers point at, kept until the next call: a listing resumes reliably only
   * from a marker version that still exists, so it is deleted after the next page is listed.
   */
  readonly carry?: ObjectVersionRef;
}

/** One object version or delete marker. Unversioned buckets report the version id `null`. */
export interface ObjectVersionRef {
  readonly key: string;
  readonly versionId: string;
  readonly deleteMarker: boolean;
}

/**
 * A version S3 refused to delete, with its per-key error; it is never counted as deleted. A refusal
 * is not a protection: only reading the version's Object Lock state (`readProtection`) can show
 * that S3 keeps it on purpose, and a policy refusal reads the same (`AccessDenied`) as a lock.
 */
export interface RetainedVersion {
  readonly key: string;
  readonly versionId: string;
  /** S3's per-key error code, e.g. `AccessDenied` (object lock, legal hold or policy) or `InvalidRequest`. */
  readonly code: string;
  readonly reason: string;
}

/** Thrown when a version is still throttled after every retry: the caller resumes from its checkpoint. */
export class TransientDeleteError extends Error {
  constructor(bucket: string, count: number, code: string) {
    super(`${count} version(s) in ${bucket} still failing with ${code} after retries; resume from the last checkpoint`);
    this.name = 'TransientDeleteError';
  }
}

/** S3's limit of keys in one DeleteObjects request and of versions in one listing page. */
export const S3_BATCH_LIMIT = 1000;

/** Lists one page of versions and delete markers under a prefix, refusing any key outside it. */
export async function listVersionPage(
  s3: S3Client,
  params: { bucket: string; prefix: string; cursor?: VersionCursor; maxKeys?: number; backoff?: BackoffOptions },
): Promise<{ versions: ObjectVersionRef[]; next?: VersionCursor }> {
  assertPrefix(params.prefix);
  const page = await withBackoff(
    () =>
      s3.send(
        new ListObjectVersionsCommand({
          Bucket: params.bucket,
          Prefix: params.prefix,
          KeyMarker: params.cursor?.keyMarker,
          VersionIdMarker: params.cursor?.keyMarker ? params.cursor.versionIdMarker : undefined,
          MaxKeys: params.maxKeys ?? S3_BATCH_LIMIT,
          EncodingType: LISTING_ENCODING,
        }),
      ),
    params.backoff,
  );
  const key = (k: string | undefined) => decodeListedKey(k ?? '', page.EncodingType);
  const versions: ObjectVersionRef[] = [
    ...(page.Versions ?? []).map((v) => ({ key: key(v.Key), versionId: v.VersionId ?? 'null', deleteMarker: false })),
    ...(page.DeleteMarkers ?? []).map((m) => ({ key: key(m.Key), versionId: m.VersionId ?? 'null', deleteMarker: true })),
  ];
  for (const v of versions) {
    // A listing is never trusted to have filtered: one foreign key would mean deleting a neighbour's data.
    if (!isUnderPrefix(v.key, params.prefix)) {
      throw new Error(`listing of ${params.bucket} under '${params.prefix}' returned foreign key ${hashedKey(v.key)}; nothing deleted`);
    }
  }
  const next =
    page.IsTruncated && page.NextKeyMarker
      ? { keyMarker: key(page.NextKeyMarker), versionIdMarker: page.NextVersionIdMarker }
      : undefined;
  return { versions, next };
}

export interface DeleteVersionsResult {
  /** Object versions removed (not counting delete markers). */
  deletedVersions: number;
  /** Delete markers removed. */
  deletedMarkers: number;
  retained: RetainedVersion[];
}

/**
 * Deletes up to 1000 versions in one DeleteObjects request. The whole request is retried on
 * throttling; keys that come back with a transient per-key error are retried alone with backoff;
 * keys refused for good (object lock, legal hold, policy) are returned as retained with S3's reason.
 */
export async function deleteVersions(
  s3: S3Client,
  bucket: string,
  versions: readonly ObjectVersionRef[],
  backoff: BackoffOptions = {},
): Promise<DeleteVersionsResult> {
  if (versions.length > S3_BATCH_LIMIT) {
    throw new InputError('versions', `at most ${S3_BATCH_LIMIT} per request, got ${versions.length}`);
  }
  const result: DeleteVersionsResult = { deletedVersions: 0, deletedMarkers: 0, retained: [] };
  const attempts = backoff.attempts ?? 6;
  const wait = backoff.sleep ?? sleep;
  let pending = [...versions];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const response = await withBackoff(
      () =>
        s3.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            // Quiet: the response lists only failures, which keeps large batches cheap to parse.
            Delete: { Quiet: true, Objects: pending.map((v) => ({ Key: v.key, VersionId: v.versionId })) },
          }),
        ),
      backoff,
    );
    const failed = new Map<string, { code: string; message: string }>();
    // An error entry without a version id cannot say which version failed, so every version of
    // that key in the batch counts as failed: a version is never reported deleted unless it was.
    const failedKeys = new Map<string, { code: string; message: string }>();
    for (const e of response.Errors ?? []) {
      const failure = { code: e.Code ?? 'Unknown', message: e.Message ?? '' };
      if (e.VersionId) failed.set(refId(e.Key ?? '', e.VersionId), failure);
      else failedKeys.set(e.Key ?? '', failure);
    }
    const retry: ObjectVersionRef[] = [];
    for (const v of pending) {
      const failure = failed.get(refId(v.key, v.versionId)) ?? failedKeys.get(v.key);
      if (!failure) {
        if (v.deleteMarker) result.deletedMarkers++;
        else result.deletedVersions++;
      } else if (isRetryable(failure.code)) {
        retry.push(v);
      } else {
        result.retained.push({ key: v.key, versionId: v.versionId, code: failure.code, reason: reasonFor(failure) });
      }
    }
    if (retry.length > 0 && attempt >= attempts) {
      const first = failed.get(refId(retry[0].key, retry[0].versionId)) ?? failedKeys.get(retry[0].key);
      throw new TransientDeleteError(bucket, retry.length, first?.code ?? 'Unknown');
    }
    if (retry.length > 0) await wait(backoffDelay(attempt, backoff));
    pending = retry;
  }
  return result;
}

function refId(key: string, versionId: string): string {
  return `${versionId}\u0000${key}`;
}

function reasonFor(failure: { code: string; message: string }): string {
  if (failure.code === 'AccessDenied' || failure.code === 'InvalidRequest') {
    const detail = failure.message ? `: ${failure.message}` : '';
    return `refused by S3 (object lock retention, legal hold or a bucket policy)${detail}`;
  }
  return failure.message || `refused by S3 with ${failure.code}`;
}

export interface PurgePrefixOptions {
  readonly bucket: string;
  /** Prefix ending in `/`, e.g. `tenants/acme/`. */
  readonly prefix: string;
  /** Resume after this point (the `cursor` a previous call returned). @default the start of the prefix */
  readonly cursor?: VersionCursor;
  /** Listing pages handled in this call before it returns a cursor, bounding one invocation's work. @default unbounded */
  readonly maxPages?: number;
  /** Listing pages per window, and so DeleteObjects requests sent together once the window is listed. @default 4 */
  readonly concurrency?: number;
  /** Count what would be deleted and delete nothing. @default false */
  readonly dryRun?: boolean;
  /** Only versions whose key passes are deleted (e.g. one log type); the prefix check still applies. @default all */
  readonly keyFilter?: (key: string) => boolean;
  /** Versions per listing page and per delete request. @default 1000 */
  readonly pageSize?: number;
  readonly backoff?: BackoffOptions;
}

export interface PurgePrefixResult {
  /** Versions and delete markers seen under the prefix in this call. */
  listed: number;
  deletedVersions: number;
  deletedMarkers: number;
  /** Versions and markers a dry run would delete. */
  wouldDelete: number;
  retained: RetainedVersion[];
  pages: number;
  /** Where to resume; absent when the prefix has been walked to its end. */
  cursor?: VersionCursor;
  done: boolean;
}

/**
 * Deletes every version and delete marker under a prefix, or a bounded number of pages of them.
 * It works in windows: up to `concurrency` pages are listed one after the other (each page names
 * the next), then the window's versions are deleted by up to `concurrency` DeleteObjects requests
 * at once, then the next window is listed. A listing and a delete are never in flight together,
 * which S3 does not need but some S3 implementations (moto) do, and the deletes still overlap
 * each other, which is where the time goes on S3. That keeps requests at one list and one delete
 * per 1000 versions: only full batches are sent until the end. The version a listing resumes from
 * (the last page's marker) is kept until the next window has been listed past it, so a listing
 * always resumes from a marker that exists.
 * A bounded call returns that marker version in its cursor (`carry`); the next call deletes it
 * only after all its other deletes succeeded, so a crash at any point can resume from the last
 * cursor the caller holds: deleting an already deleted version is a no-op.
 */
export async function purgePrefix(s3: S3Client, options: PurgePrefixOptions): Promise<PurgePrefixResult> {
  assertPrefix(options.prefix);
  const concurrency = options.concurrency ?? 4;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const batchSize = options.pageSize ?? S3_BATCH_LIMIT;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new InputError('concurrency', `must be a whole number of at least 1, got ${concurrency}`);
  if (!(maxPages >= 1)) throw new InputError('maxPages', `must be at least 1, got ${maxPages}`);
  const carried = options.cursor?.carry;
  if (carried && !isUnderPrefix(carried.key, options.prefix)) {
    throw new InputError('cursor.carry.key', `${hashedKey(carried.key)} is outside '${options.prefix}'; nothing deleted`);
  }
  const result: PurgePrefixResult = {
    listed: 0, deletedVersions: 0, deletedMarkers: 0, wouldDelete: 0, retained: [], pages: 0, done: false,
  };
  const record = (r: DeleteVersionsResult) => {
    result.deletedVersions += r.deletedVersions;
    result.deletedMarkers += r.deletedMarkers;
    result.retained.push(...r.retained);
  };

  let cursor: VersionCursor | undefined = options.cursor;
  // Listed but not yet deleted: the marker version of the last page listed, which must exist
  // until the next listing has resumed from it, and the rest of a batch that would not be full.
  let held: ObjectVersionRef[] = [];
  while (!result.done && result.pages < maxPages) {
    const window = held;
    held = [];
    for (let listed = 0; listed < concurrency && result.pages < maxPages; listed++) {
      const page = await listVersionPage(s3, {
        bucket: options.bucket, prefix: options.prefix, cursor, maxKeys: options.pageSize, backoff: options.backoff,
      });
      result.pages++;
      result.listed += page.versions.length;
      const selected = options.keyFilter ? page.versions.filter((v) => options.keyFilter!(v.key)) : page.versions;
      result.wouldDelete += options.dryRun ? selected.length : 0;
      window.push(...selected);
      if (!page.next) {
        result.done = true;
        break;
      }
      cursor = page.next;
    }
    if (!result.done) {
      const marker = cursor!;
      const at = window.findIndex((v) => v.key === marker.keyMarker && v.versionId === marker.versionIdMarker);
      if (at >= 0) held.push(window.splice(at, 1)[0]);
      // Only full batches go while more follows: with the marker held back, a window of full
      // pages would otherwise end in a batch of 999 and cost one request more than it needs.
      if (result.pages < maxPages) held.unshift(...window.splice(window.length - (window.length % batchSize)));
    }
    if (!options.dryRun) {
      const batches: ObjectVersionRef[][] = [];
      for (let i = 0; i < window.length; i += batchSize) batches.push(window.slice(i, i + batchSize));
      await deleteBatches(batches, concurrency, (batch) => deleteVersions(s3, options.bucket, batch, options.backoff).then(record));
    }
  }
  const carry = held[0];
  // Last, once everything else succeeded: the version the caller's cursor pointed at.
  if (carried && !options.dryRun && (!options.keyFilter || options.keyFilter(carried.key))) {
    record(await deleteVersions(s3, options.bucket, [carried], options.backoff));
  }
  result.cursor = result.done ? undefined : { ...cursor!, carry };
  return result;
}

/**
 * Runs the batches with at most `concurrency` in flight. After the first failure no further
 * batch starts; the call fails with that error once the batches already sent have settled, so
 * nothing is still deleting when the caller resumes from its checkpoint.
 */
async function deleteBatches<T>(batches: readonly T[], concurrency: number, run: (batch: T) => Promise<void>): Promise<void> {
  let nextBatch = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (nextBatch < batches.length && failures.length === 0) {
      const batch = batches[nextBatch++];
      try {
        await run(batch);
      } catch (err) {
        failures.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  if (failures.length > 0) throw failures[0];
}

/** Aborts every unfinished multipart upload under a prefix, so no uploaded part outlives the purge. */
export async function abortMultipartUploads(
  s3: S3Client,
  params: { bucket: string; prefix: string; dryRun?: boolean; backoff?: BackoffOptions },
): Promise<{ aborted: number; wouldAbort: number }> {
  assertPrefix(params.prefix);
  let aborted = 0;
  let wouldAbort = 0;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await withBackoff(
      () =>
        s3.send(
          new ListMultipartUploadsCommand({
            Bucket: params.bucket, Prefix: params.prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker,
            EncodingType: LISTING_ENCODING,
          }),
        ),
      params.backoff,
    );
    for (const upload of page.Uploads ?? []) {
      const key = decodeListedKey(upload.Key ?? '', page.EncodingType);
      if (!isUnderPrefix(key, params.prefix)) {
        throw new Error(`upload listing of ${params.bucket} under '${params.prefix}' returned foreign key ${hashedKey(key)}`);
      }
      if (params.dryRun) {
        wouldAbort++;
        continue;
      }
      try {
        await withBackoff(
          () => s3.send(new AbortMultipartUploadCommand({ Bucket: params.bucket, Key: key, UploadId: upload.UploadId })),
          params.backoff,
        );
      } catch (err) {
        // Finished or aborted since the listing: the goal, no parts under the prefix, is met.
        if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
      }
      aborted++;
    }
    const more = page.IsTruncated === true;
    keyMarker = more ? decodeListedKey(page.NextKeyMarker, page.EncodingType) : undefined;
    uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
  return { aborted, wouldAbort };
}

/** What is left under a prefix, for the proof after a purge: versions, delete markers and uploads. */
export async function countUnderPrefix(
  s3: S3Client,
  params: { bucket: string; prefix: string; backoff?: BackoffOptions },
): Promise<{ versions: number; deleteMarkers: number; uploads: number }> {
  const counts = { versions: 0, deleteMarkers: 0, uploads: 0 };
  let cursor: VersionCursor | undefined;
  do {
    const page = await listVersionPage(s3, { ...params, cursor });
    for (const v of page.versions) {
      if (v.deleteMarker) counts.deleteMarkers++;
      else counts.versions++;
    }
    cursor = page.next;
  } while (cursor);
  counts.uploads = (await abortMultipartUploads(s3, { ...params, dryRun: true })).wouldAbort;
  return counts;
}

function assertPrefix(prefix: string): void {
  const match = /^tenants\/([^/]+)\/(.*)$/.exec(prefix);
  const rest = match?.[2] ?? '';
  const wellFormed =
    match !== null &&
    TENANT_ID_PATTERN.test(match[1]) &&
    (rest === '' || (rest.endsWith('/') && !rest.split('/').some((p) => p === '..' || p === '.') && !rest.includes('*')));
  if (!wellFormed) {
    throw new InputError('prefix', `'${prefix}' must be a tenant prefix 'tenants/<tenantId>/' (optionally deeper), ending in '/'`);
  }
}
