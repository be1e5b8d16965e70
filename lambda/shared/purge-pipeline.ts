import { hashedKey } from './s3-keys';
import {
  DeleteObjectsCommand, ListObjectVersionsCommand, type ListObjectVersionsCommandOutput, type S3Client,
} from '@aws-sdk/client-s3';
import { DeletePacer, type DeletePacerOptions, type PaceCheckpoint, type PacerStats } from './delete-pacer';
import { InputError } from './input-error';
import { type BackoffOptions, backoffDelay, sleep as realSleep } from './retry';
import { type S3Semantics, s3SemanticsOf } from './s3-semantics';
import { reportListingHead } from './listing-head';
import { compareKeys, decodeListedKey, inRange, type KeyRange } from './version-ranges';
import {
  interpretDeleteResponse, type ObjectVersionRef, type RetainedVersion, S3_BATCH_LIMIT, TransientDeleteError, type VersionCursor,
} from './s3-delete';

/** A range of a purge and how far its deletes are confirmed. */
export interface RangeProgress extends KeyRange {
  /**
   * Checkpoint: the markers of the last listed page whose versions are all deleted or retained
   * (and every page before it). Listing resumes here; on S3 that works even though the marker
   * version itself is gone. Under moto semantics it also carries the marker version, kept.
   */
  readonly cursor?: VersionCursor;
  readonly done: boolean;
}

export interface PurgeRangesOptions {
  readonly bucket: string;
  readonly ranges: readonly RangeProgress[];
  /** Listing pages in this call, over all ranges, before it returns its checkpoints. @default unbounded */
  readonly maxPages?: number;
  /**
   * `now()` after which no page is listed and a throttled batch is no longer retried; the call returns its checkpoints.
   * @default none
   */
  readonly deadline?: number;
  /** The clock `deadline` is read on, in milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Ranges listed at the same time, all feeding one batcher. @default 4 */
  readonly listers?: number;
  /** DeleteObjects requests in flight at most (a 1000-key delete takes about a second on S3). @default 32 */
  readonly deleteConcurrency?: number;
  /** The rate control of the deletes, or its settings. @default a new DeletePacer */
  readonly pacer?: DeletePacer | DeletePacerOptions;
  /** Count what would be deleted and delete nothing. @default false */
  readonly dryRun?: boolean;
  /** Only versions whose key passes are deleted; the prefix check still applies. @default all */
  readonly keyFilter?: (key: string) => boolean;
  /** Entries per listing page and keys per delete batch. @default 1000 */
  readonly pageSize?: number;
  /** Delays between tries of a throttled listing, and of per-key errors a delete answered (`attempts` bounds the latter). */
  readonly backoff?: BackoffOptions;
  /** @default the client's (lambda/shared/s3-semantics.ts) */
  readonly semantics?: S3Semantics;
  /**
   * The first listing page of a single range that has not started, already listed (splitRange's
   * `firstPage` of a flat prefix), so it is not asked for twice. @default none
   */
  readonly firstPage?: ListObjectVersionsCommandOutput;
}

export interface PurgeRangesResult {
  listed: number;
  deletedVersions: number;
  deletedMarkers: number;
  wouldDelete: number;
  retained: RetainedVersion[];
  pages: number;
  requests: { list: number; delete: number };
  /** 503 SlowDown answers (whole requests and per key) seen, and the pacer's state at the end. */
  throttles: number;
  pacer: PacerStats;
  /** Where the pacer left off, for the next slice's `pacer.resume`. */
  pace: PaceCheckpoint;
  ranges: RangeProgress[];
  /** Every range walked to its end and every delete confirmed. */
  done: boolean;
}

interface PageRecord {
  /** Markers after this page; undefined for the range's last page. */
  readonly next?: VersionCursor;
  outstanding: number;
  sealed: boolean;
}

interface Entry {
  readonly ref: ObjectVersionRef;
  readonly page: PageRecord;
  readonly lane: Lane;
}

interface Lane {
  readonly index: number;
  readonly range: KeyRange;
  /** Where the next page starts. */
  position?: VersionCursor;
  listed: boolean;
  pages: PageRecord[];
  checkpoint?: VersionCursor;
  confirmedToEnd: boolean;
  /** moto: the marker version of the last page, deleted once the next page is listed. */
  held?: Entry;
  /** The next page, asked for when the head of the one before it named its markers. */
  ahead?: { readonly from: VersionCursor; readonly page: Promise<RangePage | undefined> };
}

interface RangePage {
  readonly entries: ObjectVersionRef[];
  /** Markers of the range's next page; undefined when the range ends here. */
  readonly next?: VersionCursor;
}

/** Full batches waiting for a delete slot at most: enough to cover the listers' jitter. */
const MAX_QUEUED_BATCHES = 16;

/**
 * Deletes every version and delete marker in a set of key ranges, pipelined: listers walk the
 * ranges (several at a time, each page naming the next) and feed one batcher, which sends full
 * batches of 1000 keys as soon as they fill, so listings run while earlier pages' deletes are in
 * flight; only batches near the call's end (see `enqueue`) may be smaller. Deletes are paced (DeletePacer) and
 * a 503 SlowDown slows them down; it is retried until the deadline, never counted as a failure.
 * Each range's checkpoint advances only past pages whose versions are all confirmed deleted (or
 * retained by S3 with a reason), so a call that crashes or runs out of time resumes from there.
 * Under moto semantics (a test mode) requests go one at a time and a page's marker version is
 * deleted only after the next page of its range is listed.
 */
export async function purgeRanges(s3: S3Client, options: PurgeRangesOptions): Promise<PurgeRangesResult> {
  const semantics = options.semantics ?? s3SemanticsOf(s3);
  const moto = semantics === 'moto';
  const batchSize = options.pageSize ?? S3_BATCH_LIMIT;
  const listers = options.listers ?? 4;
  const concurrency = moto ? 1 : options.deleteConcurrency ?? 32;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const wait = options.backoff?.sleep ?? realSleep;
  if (!(Number.isInteger(listers) && listers >= 1)) throw new InputError('listers', `must be a whole number of at least 1, got ${listers}`);
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new InputError('deleteConcurrency', `must be a whole number of at least 1, got ${concurrency}`);
  if (!(maxPages >= 1)) throw new InputError('maxPages', `must be at least 1, got ${maxPages}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= S3_BATCH_LIMIT))
    throw new InputError('pageSize', `must be 1..${S3_BATCH_LIMIT}, got ${batchSize}`);
  const carried: ObjectVersionRef[] = [];
  options.ranges.forEach((r, i) => {
    if (r.cursor?.carry) {
      if (!inRange(r, r.cursor.carry.key))
        throw new InputError(`ranges[${i}].cursor.carry.key`, `'${r.cursor.carry.key}' is outside the range; nothing deleted`);
      carried.push(r.cursor.carry);
    }
  });
  const pacer = options.pacer instanceof DeletePacer ? options.pacer : new DeletePacer(options.pacer);
  const gate = moto ? new Mutex() : undefined;
  const through = <T>(fn: () => Promise<T>) => (gate ? gate.run(fn) : fn());
  const now = options.now ?? Date.now;
  const pastDeadline = () => options.deadline !== undefined && now() >= options.deadline;

  const result: PurgeRangesResult = {
    listed: 0, deletedVersions: 0, deletedMarkers: 0, wouldDelete: 0, retained: [], pages: 0,
    requests: { list: 0, delete: 0 }, throttles: 0, pacer: pacer.stats(), pace: pacer.checkpoint(), ranges: [], done: false,
  };
  const lanes: Lane[] = options.ranges.map((r, index) => ({
    index,
    range: { prefix: r.prefix, after: r.after, through: r.through },
    position: r.cursor && { keyMarker: r.cursor.keyMarker, versionIdMarker: r.cursor.versionIdMarker },
    listed: r.done,
    pages: [],
    checkpoint: r.cursor && { keyMarker: r.cursor.keyMarker, versionIdMarker: r.cursor.versionIdMarker },
    confirmedToEnd: r.done,
  }));
  let failure: unknown;
  let stopListing = false;

  const settle = (lane: Lane) => {
    while (lane.pages.length > 0 && lane.pages[0].sealed && lane.pages[0].outstanding === 0) {
      const page = lane.pages.shift()!;
      if (page.next) lane.checkpoint = page.next;
      else lane.confirmedToEnd = true;
    }
  };

  // The batcher and the delete workers.
  let buffer: Entry[] = [];
  const queued: Entry[][] = [];
  let inFlight = 0;
  /** Deletes waiting for the pacer's slot. */
  let pacing = 0;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const changed = () => new Promise<void>((r) => {
    const prev = wake;
    wake = () => {
      prev?.();
      r();
    };
  });

  const record = (entries: readonly Entry[], outcome: ReturnType<typeof interpretDeleteResponse>) => {
    result.deletedVersions += outcome.deletedVersions;
    result.deletedMarkers += outcome.deletedMarkers;
    result.retained.push(...outcome.retained);
    const unsettled = new Set(outcome.retry.map((v) => refId(v)));
    for (const e of entries) {
      if (unsettled.has(refId(e.ref))) continue;
      e.page.outstanding--;
      settle(e.lane);
    }
  };

  const sendBatch = async (batch: Entry[]): Promise<void> => {
    let pending = batch;
    let faults = 0;
    while (pending.length > 0) {
      if (pastDeadline()) return; // left unconfirmed: the checkpoints stay before these pages
      pacing++;
      const ticket = await pacer.acquire(pending.length).finally(() => pacing--);
      let response;
      try {
        result.requests.delete++;
        response = await through(() => s3.send(new DeleteObjectsCommand({
          Bucket: options.bucket,
          Delete: { Quiet: true, Objects: pending.map((e) => ({ Key: e.ref.key, VersionId: e.ref.versionId })) },
        })));
      } catch (err) {
        // A throttle still refused after the client's own retries waits for the pacer and goes
        // again (throttling slows a purge, never fails it); any other error has had the client's
        // retries already (lambda/shared/sdk-clients.ts) and fails the call.
        if (!isThrottle(err)) throw err;
        result.throttles++;
        pacer.throttle(ticket);
        continue;
      }
      const outcome = interpretDeleteResponse(pending.map((e) => e.ref), response.Errors ?? []);
      record(pending, outcome);
      if (outcome.retry.length > 0) {
        if (outcome.throttled > 0) {
          result.throttles += outcome.throttled;
          pacer.throttle(ticket);
        } else if (++faults >= (options.backoff?.attempts ?? 6)) {
          throw new TransientDeleteError(options.bucket, outcome.retry.length, outcome.retryCode ?? 'Unknown');
        } else {
          await wait(backoffDelay(faults, options.backoff));
        }
      }
      const again = new Set(outcome.retry.map(refId));
      pending = pending.filter((e) => again.has(refId(e.ref)));
    }
  };

  const pump = () => {
    while (failure === undefined && inFlight < concurrency && queued.length > 0) {
      const batch = queued.shift()!;
      inFlight++;
      sendBatch(batch)
        .catch((err: unknown) => {
          failure ??= err;
          stopListing = true;
        })
        .finally(() => {
          inFlight--;
          pump();
          signal();
        });
    }
  };
  const enqueue = (entries: Entry[], flush = false) => {
    buffer.push(...entries);
    // Shorter requests pay only when the call's end waits on them, not on deletes already waiting.
    const noDeleteWaits = queued.length === 0 && pacing === 0 && !moto;
    if (flush && noDeleteWaits && buffer.length >= batchSize / 2) {
      // The last keys of the call: the call's end waits on these requests alone, so they go as one
      // request more than they need, each shorter (a 1000-key delete takes about a second, two of
      // 500 about half of that).
      const parts = Math.ceil(buffer.length / batchSize) + 1;
      const size = Math.ceil(buffer.length / parts);
      for (let i = 0; i < buffer.length; i += size) queued.push(buffer.slice(i, i + size));
      buffer = [];
    } else if (!flush && noDeleteWaits && buffer.length >= batchSize && halvesLeft > 0
      && 2 * lanes.filter((l) => l.listed && openAtStart.has(l)).length >= openAtStart.size) {
      // The end in sight: ranges of a layout are alike (devices, days), so once half of those open
      // at the start are listed, the others are most likely on their last pages. A full batch sent
      // now would end a second after the listing; two halves end half a second after it. One extra
      // request per range at most, so unlike ranges cost little.
      halvesLeft--;
      const half = Math.ceil(batchSize / 2);
      queued.push(buffer.slice(0, half), buffer.slice(half, batchSize));
      buffer = buffer.slice(batchSize);
    }
    while (buffer.length >= batchSize || (flush && buffer.length > 0)) {
      queued.push(buffer.slice(0, batchSize));
      buffer = buffer.slice(batchSize);
    }
    pump();
  };

  // The listers.
  const open = lanes.filter((l) => !l.listed);
  const openAtStart = new Set(open.length > 1 ? open : []);
  let halvesLeft = openAtStart.size;
  let reusable = options.firstPage && lanes.length === 1 && !lanes[0].listed && !lanes[0].position ? lanes[0] : undefined;
  const queueFull = () => queued.length >= Math.min(concurrency, MAX_QUEUED_BATCHES);
  const mayList = () => !stopListing && failure === undefined && result.pages < maxPages && !pastDeadline();
  const listPage = (lane: Lane, from: VersionCursor | undefined): Promise<RangePage | undefined> => {
    result.pages++;
    result.requests.list++;
    // A retried answer reports its head again; the lane's one page ahead keeps it from listing twice.
    const onHead = moto ? undefined : (next: VersionCursor | undefined) => listAhead(lane, next);
    return listRangePage(s3, options.bucket, lane.range, from, batchSize, options.backoff, through, pastDeadline, () => {
      result.throttles++;
    }, onHead);
  };
  // A page's markers come at the head of its answer; the next page is asked for then, while this
  // one is still read and parsed (about 15 ms of a 300 ms listing, more when listers share a CPU),
  // under the same limits as any listing. Only the parsed page's markers are acted on: a page asked
  // for from markers the parse does not confirm is dropped and listed again.
  const listAhead = (lane: Lane, next: VersionCursor | undefined) => {
    if (!next || lane.ahead || !mayList() || queueFull()) return;
    if (lane.range.through !== undefined && compareKeys(next.keyMarker, lane.range.through) > 0) return;
    const page = listPage(lane, next);
    page.catch(() => undefined); // raised where the lister takes it, or dropped with the call
    lane.ahead = { from: next, page };
  };
  const lister = async () => {
    while (!stopListing && failure === undefined) {
      const lane = open.shift();
      if (!lane) return;
      while (!lane.listed) {
        const ahead = lane.ahead;
        lane.ahead = undefined;
        const confirmed = ahead && sameCursor(ahead.from, lane.position);
        if (!confirmed && !mayList()) {
          stopListing = true;
          return;
        }
        // Keep the batcher fed but bounded: pages listed and not deleted by a deadline are listed again next slice.
        while (queueFull() && failure === undefined) await changed();
        if (failure !== undefined) return;
        const prelisted = lane === reusable ? options.firstPage : undefined;
        reusable = undefined;
        let page: RangePage | undefined;
        if (prelisted) {
          result.pages++;
          page = readRangePage(options.bucket, lane.range, prelisted);
        } else {
          page = await (confirmed ? ahead.page : listPage(lane, lane.position));
        }
        if (!page) {
          stopListing = true;
          return;
        }
        result.listed += page.entries.length;
        const record: PageRecord = { next: page.next, outstanding: 0, sealed: false };
        lane.pages.push(record);
        const selected = options.keyFilter ? page.entries.filter((v) => options.keyFilter!(v.key)) : page.entries;
        const entries: Entry[] = [];
        if (options.dryRun) result.wouldDelete += selected.length;
        else for (const ref of selected) entries.push({ ref, page: record, lane });
        record.outstanding = entries.length;
        if (moto) {
          // The previous page's marker version goes now that the listing has resumed from it.
          if (lane.held) entries.push(lane.held);
          lane.held = undefined;
          const marker =
            page.next &&
            entries.findIndex(
              (e) => e.page === record && e.ref.key === page.next!.keyMarker && e.ref.versionId === page.next!.versionIdMarker,
            );
          if (marker !== undefined && marker >= 0) lane.held = entries.splice(marker, 1)[0];
        }
        record.sealed = true;
        lane.position = page.next;
        if (!page.next) lane.listed = true;
        settle(lane);
        // The last page of the last range still listed: whatever is left goes out now.
        enqueue(entries, lane.listed && open.length === 0 && lanes.every((l) => l.listed));
      }
    }
  };
  const listing = Promise.all(Array.from({ length: Math.min(listers, Math.max(open.length, 1)) }, lister));
  await listing.catch((err: unknown) => {
    failure ??= err;
  });
  // Whatever is left goes out now (the only keys that may go short), then every delete settles.
  if (failure === undefined) enqueue([], true);
  while (inFlight > 0 || (queued.length > 0 && failure === undefined && !pastDeadline())) {
    pump();
    await changed();
  }
  if (failure !== undefined) throw failure;

  // Last, once everything else is confirmed: the marker versions earlier calls carried (moto).
  const unfinished = lanes.some((l) => !l.confirmedToEnd && l.pages.some((p) => p.outstanding > 0 && p !== l.held?.page));
  if (carried.length > 0 && !options.dryRun && !unfinished) {
    const kept = options.keyFilter ? carried.filter((c) => options.keyFilter!(c.key)) : carried;
    for (let i = 0; i < kept.length; i += batchSize) {
      const lane = lanes[0];
      const page: PageRecord = { outstanding: 0, sealed: true };
      await sendBatch(kept.slice(i, i + batchSize).map((ref) => ({ ref, page, lane })));
    }
  }
  result.pacer = pacer.stats();
  result.pace = pacer.checkpoint();
  result.ranges = lanes.map((l) => {
    const base: KeyRange = l.range;
    if (l.confirmedToEnd) return { ...base, done: true };
    // moto: everything but the held marker version is confirmed, so the listing resumes after
    // the last page listed and the marker version travels in the cursor, still there.
    if (moto && l.held && l.pages.every((p) => p === l.held!.page ? p.outstanding === 1 : p.outstanding === 0) && l.position) {
      return { ...base, cursor: { ...l.position, carry: l.held.ref }, done: false };
    }
    return { ...base, cursor: l.checkpoint, done: false };
  });
  result.done = result.ranges.every((r) => r.done);
  return result;
}

/** One listing page of a range from `from`: entries outside it are dropped and end the range. */
async function listRangePage(
  s3: S3Client,
  bucket: string,
  range: KeyRange,
  from: VersionCursor | undefined,
  maxKeys: number,
  backoff: BackoffOptions | undefined,
  through: <T>(fn: () => Promise<T>) => Promise<T>,
  pastDeadline: () => boolean,
  onThrottle: () => void,
  onHead?: (next: VersionCursor | undefined) => void,
): Promise<RangePage | undefined> {
  const keyMarker = from?.keyMarker ?? range.after;
  const wait = backoff?.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      const command = new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: range.prefix,
        KeyMarker: keyMarker,
        VersionIdMarker: from?.keyMarker ? from.versionIdMarker : undefined,
        MaxKeys: maxKeys,
        EncodingType: 'url',
      });
      if (onHead) {
        // S3 may name the encoding only after the entries; the keys come encoded as asked, and the parse confirms it.
        reportListingHead(command, (head) => onHead(head.isTruncated && head.nextKeyMarker
          ? { keyMarker: decodeListedKey(head.nextKeyMarker, head.encodingType ?? 'url'), versionIdMarker: head.nextVersionIdMarker }
          : undefined));
      }
      const page = await through(() => s3.send(command));
      return readRangePage(bucket, range, page);
    } catch (err) {
      // As for deletes: only a throttle is tried again here, the client has retried the rest.
      if (!isThrottle(err)) throw err;
      onThrottle();
      // Out of time while throttled: no page, and the call returns its checkpoints instead of failing.
      if (pastDeadline()) return undefined;
      await wait(backoffDelay(Math.min(attempt, 7), backoff));
    }
  }
}

/** A listing page's versions inside the range, and the markers of the next page unless the range ends. */
function readRangePage(bucket: string, range: KeyRange, page: ListObjectVersionsCommandOutput): RangePage {
  const entries: ObjectVersionRef[] = [
    ...(page.Versions ?? []).map((v) => ({
      key: decodeListedKey(v.Key ?? '', page.EncodingType),
      versionId: v.VersionId ?? 'null',
      deleteMarker: false,
    })),
    ...(page.DeleteMarkers ?? []).map((m) => ({
      key: decodeListedKey(m.Key ?? '', page.EncodingType),
      versionId: m.VersionId ?? 'null',
      deleteMarker: true,
    })),
  ];
  const inside: ObjectVersionRef[] = [];
  let beyond = false;
  for (const v of entries) {
    // A listing is never trusted to have filtered: one foreign key would mean deleting a neighbour's data.
    // The prefix ends in '/', so the tenant's folder object (the prefix itself) is the tenant's too.
    if (!range.prefix.endsWith('/') || !v.key.startsWith(range.prefix)) {
      throw new Error(`listing of ${bucket} under '${range.prefix}' returned foreign key ${hashedKey(v.key)}; nothing deleted`);
    }
    if (inRange(range, v.key)) inside.push(v);
    else beyond = true;
  }
  const next = !beyond && page.IsTruncated && page.NextKeyMarker
    ? { keyMarker: decodeListedKey(page.NextKeyMarker, page.EncodingType), versionIdMarker: page.NextVersionIdMarker }
    : undefined;
  return { entries: inside, next };
}

/** A 503 SlowDown (or another throttle): slow down, never give up. */
function isThrottle(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'SlowDown' || e?.name === 'ServiceUnavailable' || e?.$metadata?.httpStatusCode === 503;
}

function sameCursor(a: VersionCursor, b: VersionCursor | undefined): boolean {
  return b !== undefined && a.keyMarker === b.keyMarker && (a.versionIdMarker ?? '') === (b.versionIdMarker ?? '');
}

function refId(v: ObjectVersionRef): string {
  return `${v.versionId}\u0000${v.key}`;
}

/** One request at a time (moto). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
