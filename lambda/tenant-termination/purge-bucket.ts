import type { S3Client } from '@aws-sdk/client-s3';
import type { PaceCheckpoint } from '../shared/delete-pacer';
import type { Logger } from '../shared/logger';
import { purgeRanges, type RangeProgress } from '../shared/purge-pipeline';
import { abortMultipartUploads } from '../shared/s3-versions';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';
import { type KeyRange, type SplitResult, splitRange } from '../shared/version-ranges';
import { InputError } from '../shared/input-error';
import type { PurgeBucketState, PurgeShard, PurgeShardResult, StoreCatalog } from './contract';
import { checkpointContext, openValue, sealValue, type StateSealer } from './sealed-state';
import { declaredBucket } from './targets';

export interface PurgeBucketDeps {
  readonly s3: (region: string) => S3Client;
  readonly catalog: StoreCatalog;
  /** Listing pages (of up to 1000 versions) per invocation. */
  readonly maxPages: number;
  /** Ranges of the shard listed at once, feeding one batcher. @default 4 */
  readonly listers?: number;
  /** DeleteObjects requests in flight at most. @default 16 */
  readonly concurrency?: number;
  /**
   * Milliseconds this invocation may spend before it returns its checkpoints (the Lambda's remaining time less a margin).
   * @default unbounded
   */
  readonly timeBudgetMs?: () => number;
  /** Opens the shard and the checkpoint it is handed and seals the checkpoint it returns. */
  readonly sealer: StateSealer;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** What the Distributed Map hands a child's first invocation: the shard; later ones get their own output back. */
export type PurgeBucketInput = PurgeShard & Partial<PurgeBucketState>;

/**
 * One bounded slice of a shard's purge: on the first call it aborts the tenant's unfinished
 * uploads (the bucket's first shard only) and splits the shard for parallel listers; then it
 * deletes up to `maxPages` pages of versions and delete markers, or what fits in its time
 * budget, and returns the checkpoints. Throttling (503 SlowDown) only slows a slice: it returns
 * with what it confirmed and the next slice goes on from there. Shard and checkpoint travel
 * sealed to the tenant and bucket copy (sealed-state.ts): the state it returns holds no object key.
 */
export async function purgeBucketStep(deps: PurgeBucketDeps, input: PurgeBucketInput): Promise<PurgeBucketState> {
  const tenantId = validateTenantId(input.tenantId);
  const target = declaredBucket(deps.catalog, input.target);
  const pace = checkedPace(input.pace);
  const prefix = tenantPrefix(tenantId);
  const context = checkpointContext(tenantId, target);
  const shard = await openValue<KeyRange>(deps.sealer, context, input.shard, 'shard');
  // A sealed value opens only for its tenant and bucket; the prefix check stays as the last word.
  if (shard.prefix !== prefix) throw new InputError('shard.prefix', `is not the tenant prefix '${prefix}'; nothing deleted`);
  const opened = input.checkpoint === undefined
    ? undefined
    : await openValue<RangeProgress[]>(deps.sealer, context, input.checkpoint, 'checkpoint');
  for (const r of opened ?? []) {
    if (r.prefix !== prefix) throw new InputError('checkpoint.prefix', `is not the tenant prefix '${prefix}'; nothing deleted`);
  }
  const s3 = deps.s3(target.region);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const started = Date.now();
  const totals = {
    deletedVersions: 0, deletedMarkers: 0, abortedUploads: 0, wouldDelete: 0, retained: {} as Record<string, number>,
    ...input.totals,
  };
  const invocations = (input.invocations ?? 0) + 1;
  let ranges: readonly RangeProgress[] | undefined = opened;
  let firstPage: SplitResult['firstPage'];
  if (!ranges) {
    if (shard.after === undefined) {
      const uploads = await abortMultipartUploads(s3, { bucket: target.bucket, prefix, dryRun: input.dryRun });
      totals.abortedUploads += uploads.aborted;
      totals.wouldDelete += uploads.wouldAbort;
    }
    const split = await splitRange(s3, shard, { bucket: target.bucket, parts: deps.listers ?? 4 });
    ranges = split.ranges.map((r) => ({ ...r, done: false }));
    firstPage = split.firstPage;
  }
  const budget = deps.timeBudgetMs?.();
  const result = await purgeRanges(s3, {
    bucket: target.bucket, ranges, maxPages: deps.maxPages, listers: deps.listers, deleteConcurrency: deps.concurrency,
    dryRun: input.dryRun, deadline: budget === undefined ? undefined : started + budget, firstPage,
    pacer: { resume: pace },
  });
  const retained = { ...totals.retained };
  for (const r of result.retained) retained[r.code] = (retained[r.code] ?? 0) + 1;
  deps.log.info('bucket slice purged', {
    tenantId, bucket: target.bucket, region: target.region, pages: result.pages, deletedVersions: result.deletedVersions,
    deletedMarkers: result.deletedMarkers, retained: result.retained.length, throttles: result.throttles,
    rate: Math.round(result.pacer.rate), done: result.done, dryRun: input.dryRun,
  });
  return {
    tenantId,
    dryRun: input.dryRun,
    target,
    shard: input.shard,
    pace: roundedPace(result.pace),
    checkpoint: result.done ? undefined : await sealValue(deps.sealer, context, result.ranges),
    done: result.done,
    invocations,
    totals: {
      deletedVersions: totals.deletedVersions + result.deletedVersions,
      deletedMarkers: totals.deletedMarkers + result.deletedMarkers,
      abortedUploads: totals.abortedUploads,
      wouldDelete: totals.wouldDelete + result.wouldDelete,
      retained,
    },
    startedAt: input.startedAt ?? now(),
    finishedAt: result.done ? now() : undefined,
  };
}

/** The pace a state hands on, checked before anything is opened or listed: a hand-edited one is refused by name. */
function checkedPace(pace: PurgeBucketInput['pace']): PaceCheckpoint | undefined {
  if (pace === undefined) return undefined;
  if (typeof pace !== 'object' || pace === null) {
    throw new InputError('pace', `must be {"rate", "proven", "throttled", "refused"?}, got ${JSON.stringify(pace)}; nothing deleted`);
  }
  const { refused } = pace;
  for (const field of ['rate', 'proven', ...(refused === undefined ? [] : ['refused'] as const)] as const) {
    const value = (pace as Partial<PaceCheckpoint>)[field];
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new InputError(`pace.${field}`, `must be a positive number of keys per second, got ${JSON.stringify(value)}; nothing deleted`);
    }
  }
  if (typeof pace.throttled !== 'boolean') {
    throw new InputError('pace.throttled', `must be true or false, got ${JSON.stringify(pace.throttled)}; nothing deleted`);
  }
  const checked = { rate: pace.rate, proven: pace.proven, throttled: pace.throttled };
  return refused === undefined ? checked : { ...checked, refused };
}

/** Whole keys per second: the pace travels in the execution's state, where every byte counts. */
function roundedPace(pace: PaceCheckpoint): PaceCheckpoint {
  const rounded = { ...pace, rate: Math.round(pace.rate), proven: Math.round(pace.proven) };
  return pace.refused === undefined ? rounded : { ...rounded, refused: Math.round(pace.refused) };
}

/** The fan-out's results, one per shard, summed into one per bucket copy, for the receipt. */
export function mergeShards(states: readonly PurgeShardResult[]): PurgeShardResult[] {
  const byBucket = new Map<string, PurgeShardResult>();
  for (const s of states) {
    const id = `${s.target.region}\u0000${s.target.bucket}`;
    const seen = byBucket.get(id);
    if (!seen) {
      byBucket.set(id, s);
      continue;
    }
    const retained = { ...seen.totals.retained };
    for (const [code, n] of Object.entries(s.totals.retained)) retained[code] = (retained[code] ?? 0) + n;
    byBucket.set(id, {
      ...seen,
      invocations: seen.invocations + s.invocations,
      totals: {
        deletedVersions: seen.totals.deletedVersions + s.totals.deletedVersions,
        deletedMarkers: seen.totals.deletedMarkers + s.totals.deletedMarkers,
        abortedUploads: seen.totals.abortedUploads + s.totals.abortedUploads,
        wouldDelete: seen.totals.wouldDelete + s.totals.wouldDelete,
        retained,
      },
      startedAt: seen.startedAt < s.startedAt ? seen.startedAt : s.startedAt,
      finishedAt: seen.finishedAt && s.finishedAt ? (seen.finishedAt > s.finishedAt ? seen.finishedAt : s.finishedAt) : undefined,
    });
  }
  return [...byBucket.values()];
}
