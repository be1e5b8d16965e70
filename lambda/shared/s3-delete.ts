import { DeleteObjectsCommand, type S3Client, type _Error as S3Error } from '@aws-sdk/client-s3';
import { InputError } from './input-error';
import { type BackoffOptions, backoffDelay, isRetryable, sleep } from './retry';

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

/** A version S3 refused to delete, with the reason; it is never counted as deleted. */
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

export interface DeleteVersionsResult {
  /** Object versions removed (not counting delete markers). */
  deletedVersions: number;
  /** Delete markers removed. */
  deletedMarkers: number;
  retained: RetainedVersion[];
}

/**
 * Deletes up to 1000 versions in one DeleteObjects request. The SDK retries a throttled request
 * (sdk-clients.ts); keys that come back with a transient per-key error, which the SDK sees as a
 * success, are retried alone with backoff;
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
    const response = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        // Quiet: the response lists only failures, which keeps large batches cheap to parse.
        Delete: { Quiet: true, Objects: pending.map((v) => ({ Key: v.key, VersionId: v.versionId })) },
      }),
    );
    const outcome = interpretDeleteResponse(pending, response.Errors ?? []);
    result.deletedVersions += outcome.deletedVersions;
    result.deletedMarkers += outcome.deletedMarkers;
    result.retained.push(...outcome.retained);
    const retry = outcome.retry;
    if (retry.length > 0 && attempt >= attempts) {
      throw new TransientDeleteError(bucket, retry.length, outcome.retryCode ?? 'Unknown');
    }
    if (retry.length > 0) await wait(backoffDelay(attempt, backoff));
    pending = retry;
  }
  return result;
}

/** What one DeleteObjects answer means for the versions it was sent. */
export interface DeleteOutcome {
  deletedVersions: number;
  deletedMarkers: number;
  retained: RetainedVersion[];
  /** Versions that failed with a transient error (throttle, 500) and are to be sent again. */
  retry: ObjectVersionRef[];
  /** How many of those were throttled (`SlowDown`). */
  throttled: number;
  /** The error code of the first version to retry. */
  retryCode?: string;
}

/**
 * Reads a DeleteObjects answer (Quiet: only failures are listed). An error entry without a
 * version id cannot say which version failed, so every version of that key in the batch counts
 * as failed: a version is never reported deleted unless it was.
 */
export function interpretDeleteResponse(sent: readonly ObjectVersionRef[], errors: readonly S3Error[]): DeleteOutcome {
  const failed = new Map<string, { code: string; message: string }>();
  const failedKeys = new Map<string, { code: string; message: string }>();
  for (const e of errors) {
    const failure = { code: e.Code ?? 'Unknown', message: e.Message ?? '' };
    if (e.VersionId) failed.set(refId(e.Key ?? '', e.VersionId), failure);
    else failedKeys.set(e.Key ?? '', failure);
  }
  const outcome: DeleteOutcome = { deletedVersions: 0, deletedMarkers: 0, retained: [], retry: [], throttled: 0 };
  for (const v of sent) {
    const failure = failed.get(refId(v.key, v.versionId)) ?? failedKeys.get(v.key);
    if (!failure) {
      if (v.deleteMarker) outcome.deletedMarkers++;
      else outcome.deletedVersions++;
    } else if (isRetryable(failure.code)) {
      outcome.retry.push(v);
      outcome.retryCode ??= failure.code;
      if (failure.code === 'SlowDown') outcome.throttled++;
    } else {
      outcome.retained.push({ key: v.key, versionId: v.versionId, code: failure.code, reason: reasonFor(failure) });
    }
  }
  return outcome;
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

