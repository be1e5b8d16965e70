/**
 * The purge core as it was before the pipelined one (commit 6461cf9), kept verbatim for the bench
 * as "the previous core": windows of `concurrency` pages listed one after the other, then their
 * deletes together, never a listing and a delete in flight at once.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { InputError } from '../lambda/shared/input-error';
import {
  type BackoffOptions,
} from '../lambda/shared/retry';
import {
  deleteVersions,
  type DeleteVersionsResult,
  listVersionPage,
  type ObjectVersionRef,
  type RetainedVersion,
  S3_BATCH_LIMIT,
  type VersionCursor,
} from '../lambda/shared/s3-versions';
import { isUnderPrefix } from '../lambda/shared/tenant-id';

export interface PreviousPurgeOptions {
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

export interface PreviousPurgeResult {
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
export async function previousPurgePrefix(s3: S3Client, options: PreviousPurgeOptions): Promise<PreviousPurgeResult> {
  const concurrency = options.concurrency ?? 4;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const batchSize = options.pageSize ?? S3_BATCH_LIMIT;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new InputError('concurrency', `must be a whole number of at least 1, got ${concurrency}`);
  if (!(maxPages >= 1)) throw new InputError('maxPages', `must be at least 1, got ${maxPages}`);
  const carried = options.cursor?.carry;
  if (carried && !isUnderPrefix(carried.key, options.prefix)) {
    throw new InputError('cursor.carry.key', `'${carried.key}' is outside '${options.prefix}'; nothing deleted`);
  }
  const result: PreviousPurgeResult = {
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
        bucket: options.bucket, prefix: options.prefix, cursor, maxKeys: options.pageSize,
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

