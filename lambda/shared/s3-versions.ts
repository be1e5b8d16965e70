import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { InputError } from './input-error';
import { type PurgeRangesOptions, purgeRanges } from './purge-pipeline';
import type { BackoffOptions } from './retry';
import { decodeListedKey, hashedKey, LISTING_ENCODING } from './s3-keys';
import { type ObjectVersionRef, type RetainedVersion, S3_BATCH_LIMIT, type VersionCursor } from './s3-delete';
import { isUnderPrefix, TENANT_ID_PATTERN } from './tenant-id';

export {
  deleteVersions, type DeleteVersionsResult, interpretDeleteResponse, type ObjectVersionRef, type RetainedVersion, S3_BATCH_LIMIT,
  TransientDeleteError, type VersionCursor,
} from './s3-delete';

/** Lists one page of versions and delete markers under a prefix, refusing any key outside it. */
export async function listVersionPage(
  s3: S3Client,
  params: { bucket: string; prefix: string; cursor?: VersionCursor; maxKeys?: number },
): Promise<{ versions: ObjectVersionRef[]; next?: VersionCursor }> {
  assertPrefix(params.prefix);
  const page = await s3.send(
    new ListObjectVersionsCommand({
      Bucket: params.bucket,
      Prefix: params.prefix,
      KeyMarker: params.cursor?.keyMarker,
      VersionIdMarker: params.cursor?.keyMarker ? params.cursor.versionIdMarker : undefined,
      MaxKeys: params.maxKeys ?? S3_BATCH_LIMIT,
      EncodingType: LISTING_ENCODING,
    }),
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

export interface PurgePrefixOptions {
  readonly bucket: string;
  /** Prefix ending in `/`, e.g. `tenants/acme/`. */
  readonly prefix: string;
  /** Resume after this point (the `cursor` a previous call returned). @default the start of the prefix */
  readonly cursor?: VersionCursor;
  /** Listing pages handled in this call before it returns a cursor, bounding one invocation's work. @default unbounded */
  readonly maxPages?: number;
  /** DeleteObjects requests in flight at most (1 under moto semantics). @default 32 */
  readonly concurrency?: number;
  /** Count what would be deleted and delete nothing. @default false */
  readonly dryRun?: boolean;
  /** Only versions whose key passes are deleted (e.g. one log type); the prefix check still applies. @default all */
  readonly keyFilter?: (key: string) => boolean;
  /** Versions per listing page and per delete request. @default 1000 */
  readonly pageSize?: number;
  readonly backoff?: BackoffOptions;
  /** `now()` after which the call stops listing and returns its checkpoint. @default none */
  readonly deadline?: number;
  /** The clock `deadline` is read on, in milliseconds. @default Date.now */
  readonly now?: () => number;
  readonly pacer?: PurgeRangesOptions['pacer'];
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
  requests: { list: number; delete: number };
  throttles: number;
  /** Where to resume; absent when the prefix has been walked to its end. */
  cursor?: VersionCursor;
  done: boolean;
}

/**
 * Deletes every version and delete marker under a prefix, or a bounded number of pages of them,
 * with the pipelined core (`purgeRanges`) over the prefix as one range: the next page is listed
 * while earlier pages' deletes are in flight, only full batches go until the end, deletes are
 * paced, and the cursor is the last page whose deletes are all confirmed.
 */
export async function purgePrefix(s3: S3Client, options: PurgePrefixOptions): Promise<PurgePrefixResult> {
  assertPrefix(options.prefix);
  const r = await purgeRanges(s3, {
    bucket: options.bucket,
    ranges: [{ prefix: options.prefix, cursor: options.cursor, done: false }],
    maxPages: options.maxPages,
    deadline: options.deadline,
    now: options.now,
    listers: 1,
    deleteConcurrency: options.concurrency,
    dryRun: options.dryRun,
    keyFilter: options.keyFilter,
    pageSize: options.pageSize,
    backoff: options.backoff,
    pacer: options.pacer,
  });
  return {
    listed: r.listed, deletedVersions: r.deletedVersions, deletedMarkers: r.deletedMarkers, wouldDelete: r.wouldDelete,
    retained: r.retained, pages: r.pages, requests: r.requests, throttles: r.throttles, cursor: r.ranges[0].cursor, done: r.done,
  };
}

/** Aborts every unfinished multipart upload under a prefix, so no uploaded part outlives the purge. */
export async function abortMultipartUploads(
  s3: S3Client,
  params: { bucket: string; prefix: string; dryRun?: boolean },
): Promise<{ aborted: number; wouldAbort: number }> {
  assertPrefix(params.prefix);
  let aborted = 0;
  let wouldAbort = 0;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListMultipartUploadsCommand({
        Bucket: params.bucket, Prefix: params.prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker,
        EncodingType: LISTING_ENCODING,
      }),
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
        await s3.send(new AbortMultipartUploadCommand({ Bucket: params.bucket, Key: key, UploadId: upload.UploadId }));
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
  params: { bucket: string; prefix: string },
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
  // `s`: a prefix the tenant wrote with a line break must still be purgeable.
  const match = /^tenants\/([^/]+)\/(.*)$/s.exec(prefix);
  const rest = match?.[2] ?? '';
  const wellFormed =
    match !== null &&
    TENANT_ID_PATTERN.test(match[1]) &&
    (rest === '' || (rest.endsWith('/') && !rest.split('/').some((p) => p === '..' || p === '.') && !rest.includes('*')));
  if (!wellFormed) {
    throw new InputError('prefix', `'${prefix}' must be a tenant prefix 'tenants/<tenantId>/' (optionally deeper), ending in '/'`);
  }
}
