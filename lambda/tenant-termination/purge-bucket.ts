import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../shared/logger';
import { abortMultipartUploads, purgePrefix, type VersionCursor } from '../shared/s3-versions';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';
import type { PurgeBucketState, StoreCatalog } from './contract';
import { declaredBucket } from './targets';

export interface PurgeBucketDeps {
  readonly s3: (region: string) => S3Client;
  readonly catalog: StoreCatalog;
  /** Listing pages (of up to 1000 versions) per invocation, keeping each well inside the Lambda timeout. */
  readonly maxPages: number;
  readonly concurrency?: number;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** What the state machine hands the first invocation: the Map item and the run's flags. */
export type PurgeBucketInput = Pick<PurgeBucketState, 'tenantId' | 'dryRun' | 'target'> & Partial<PurgeBucketState>;

/**
 * One bounded slice of a bucket's purge: aborts the tenant's unfinished uploads on the first
 * call, then deletes up to `maxPages` pages of versions and delete markers and returns the
 * checkpoint. The state machine calls again with the returned state until `done`.
 */
export async function purgeBucketStep(deps: PurgeBucketDeps, input: PurgeBucketInput): Promise<PurgeBucketState> {
  const tenantId = validateTenantId(input.tenantId);
  const target = declaredBucket(deps.catalog, input.target);
  const prefix = tenantPrefix(tenantId);
  const s3 = deps.s3(target.region);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const totals = {
    deletedVersions: 0, deletedMarkers: 0, abortedUploads: 0, wouldDelete: 0, refused: {} as Record<string, number>,
    ...input.totals,
  };
  const invocations = (input.invocations ?? 0) + 1;
  if (invocations === 1) {
    const uploads = await abortMultipartUploads(s3, { bucket: target.bucket, prefix, dryRun: input.dryRun });
    totals.abortedUploads += uploads.aborted;
    totals.wouldDelete += uploads.wouldAbort;
  }
  const result = await purgePrefix(s3, {
    bucket: target.bucket, prefix, cursor: input.cursor as VersionCursor | undefined, maxPages: deps.maxPages,
    concurrency: deps.concurrency, dryRun: input.dryRun,
  });
  const refused = { ...totals.refused };
  for (const r of result.retained) refused[r.code] = (refused[r.code] ?? 0) + 1;
  deps.log.info('bucket slice purged', {
    tenantId, bucket: target.bucket, region: target.region, pages: result.pages, deletedVersions: result.deletedVersions,
    deletedMarkers: result.deletedMarkers, refused: result.retained.length, done: result.done, dryRun: input.dryRun,
  });
  return {
    tenantId,
    dryRun: input.dryRun,
    target,
    cursor: result.cursor,
    done: result.done,
    invocations,
    totals: {
      deletedVersions: totals.deletedVersions + result.deletedVersions,
      deletedMarkers: totals.deletedMarkers + result.deletedMarkers,
      abortedUploads: totals.abortedUploads,
      wouldDelete: totals.wouldDelete + result.wouldDelete,
      refused,
    },
    startedAt: input.startedAt ?? now(),
    finishedAt: result.done ? now() : undefined,
  };
}
