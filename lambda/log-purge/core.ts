import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditSink } from '../shared/audit-record';
import { InputError } from '../shared/input-error';
import { decodeListedKey, hashedKey, LISTING_ENCODING } from '../shared/s3-keys';
import { abortMultipartUploads, countUnderPrefix, purgePrefix, type RetainedVersion, type VersionCursor } from '../shared/s3-versions';
import { isUnderPrefix, tenantPrefix, validateTenantId } from '../shared/tenant-id';

/** The two copies of every log class: the primary region's bucket and its in-jurisdiction replica. */
export type Copy = 'primary' | 'replica';
export const COPIES: readonly Copy[] = ['primary', 'replica'];

/** Bucket names per purgeable log class and copy, e.g. `{ 'access-logs': { primary, replica } }`. */
export type PurgeTargets = Readonly<Record<string, Readonly<Record<Copy, string>>>>;

export interface LogPurgeDeps {
  /** S3 clients of the primary and the replica region. */
  readonly s3: Readonly<Record<Copy, S3Client>>;
  readonly targets: PurgeTargets;
  readonly audit: AuditSink;
  /** Listing pages of versions one call deletes before it returns a cursor. @default unbounded */
  readonly maxPages?: number;
  readonly now?: () => Date;
}

/** Where a purge goes on: the class and copy, the last day prefix finished, and the cursor inside the next. */
export interface PurgeCursor {
  /** Index into the request's classes times the two copies. */
  readonly target: number;
  /** The last date prefix (`tenants/<t>/<device>/YYYY/MM/DD/`) purged completely in that target. */
  readonly after?: string;
  /** The prefix being purged and where in it. */
  readonly within?: { readonly prefix: string; readonly cursor?: VersionCursor };
}

/** A tenant's request to delete some of its logs before their retention ends (P-EARLY-PURGE). */
export interface LogPurgeRequest {
  readonly tenantId: string;
  /** Log classes to purge, e.g. `['access-logs', 'device-logs']`. */
  readonly classes: readonly string[];
  /** First day to purge, `YYYY-MM-DD` (UTC), read from the key's `YYYY/MM/DD/` segments. @default no lower bound */
  readonly from?: string;
  /** Last day to purge, inclusive. @default no upper bound */
  readonly to?: string;
  /** The `cursor` a previous call returned: this call goes on from there. @default the start */
  readonly cursor?: PurgeCursor;
}

export interface CopyCounts {
  readonly bucket: string;
  readonly deletedVersions: number;
  readonly deletedMarkers: number;
  /** Date prefixes purged completely in this call (ranged purges). */
  readonly dayPrefixes: number;
  readonly abortedUploads: number;
  /** Versions S3 refused to delete (object lock, legal hold, policy), with its reason. */
  readonly retained: readonly RetainedVersion[];
  /**
   * Versions, delete markers and (whole purges) unfinished uploads a fresh listing still finds
   * under what was purged, once this copy is finished; undefined while it goes on in a later call.
   */
  readonly left?: number;
}

export interface LogPurgeResult {
  readonly tenantId: string;
  readonly range?: { readonly from?: string; readonly to?: string };
  /** What this call deleted; a call that returns a `cursor` has more to do. */
  readonly counts: Record<string, Record<Copy, CopyCounts>>;
  /** Present when the work did not fit into this call: pass it back as `cursor`. */
  readonly cursor?: PurgeCursor;
  readonly done: boolean;
  readonly auditKey: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a purge request completely before anything is deleted; every problem names its field. */
export function validatePurgeRequest(raw: unknown, targets: PurgeTargets): LogPurgeRequest {
  if (!raw || typeof raw !== 'object') throw new InputError('(request)', 'must be an object');
  const req = raw as Record<string, unknown>;
  const tenantId = validateTenantId(req.tenantId);
  const known = Object.keys(targets);
  if (!Array.isArray(req.classes) || req.classes.length === 0) {
    throw new InputError('classes', `must list at least one log class of: ${known.join(', ')}`);
  }
  req.classes.forEach((c, i) => {
    if (typeof c !== 'string' || !known.includes(c)) {
      throw new InputError(`classes[${i}]`, `unknown log class ${JSON.stringify(c)}; known: ${known.join(', ')}`);
    }
  });
  const from = optionalDay(req.from, 'from');
  const to = optionalDay(req.to, 'to');
  if (from && to && from > to) throw new InputError('to', `'${to}' is before from '${from}'`);
  const cursor = req.cursor === undefined ? undefined : validateCursor(req.cursor, tenantId);
  return { tenantId, classes: [...new Set(req.classes as string[])], from, to, cursor };
}

function optionalDay(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  const date = m ? new Date(`${value as string}T00:00:00Z`) : undefined;
  if (!m || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InputError(field, `must be a calendar day as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

/**
 * Deletes every version and delete marker of the chosen log classes under `tenants/<tenantId>/`,
 * in the primary bucket and in its replica (version deletes do not replicate). With a range, only
 * the date prefixes of the key layout `tenants/<t>/<device>/YYYY/MM/DD/` inside it are listed and
 * purged: the devices, years, months and days are read as common prefixes, never the versions
 * outside the range. A call stops after `maxPages` listing pages and returns a cursor to go on
 * from; re-running is safe: what is gone stays gone and is not counted.
 */
export async function purgeLogs(deps: LogPurgeDeps, raw: unknown): Promise<LogPurgeResult> {
  const req = validatePurgeRequest(raw, deps.targets);
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const prefix = tenantPrefix(req.tenantId);
  const ranged = req.from !== undefined || req.to !== undefined;
  const counts: Record<string, Record<Copy, CopyCounts>> = {};
  let pagesLeft = deps.maxPages ?? Number.POSITIVE_INFINITY;
  let cursor: PurgeCursor | undefined = req.cursor ?? { target: 0 };
  const targets: { cls: string; copy: Copy }[] = req.classes.flatMap((cls) => COPIES.map((copy) => ({ cls, copy })));
  while (cursor && cursor.target < targets.length && pagesLeft > 0) {
    const at: PurgeCursor = cursor;
    const { cls, copy } = targets[at.target];
    const bucket: string = deps.targets[cls][copy];
    const s3: S3Client = deps.s3[copy];
    const tally = { bucket, deletedVersions: 0, deletedMarkers: 0, dayPrefixes: 0, abortedUploads: 0, retained: [] as RetainedVersion[] };
    const prefixes: AsyncGenerator<string> = ranged ? datePrefixes(s3, bucket, prefix, req.from, req.to) : wholePrefix(prefix);
    let next: PurgeCursor = { target: at.target + 1 };
    let lastDone: string | undefined;
    for await (const p of prefixes) {
      if (at.after !== undefined && p <= at.after) continue;
      const within = at.within?.prefix === p ? at.within.cursor : undefined;
      const purged = await purgePrefix(s3, { bucket, prefix: p, cursor: within, maxPages: pagesLeft });
      pagesLeft -= purged.pages;
      tally.deletedVersions += purged.deletedVersions;
      tally.deletedMarkers += purged.deletedMarkers;
      tally.retained.push(...purged.retained);
      if (!purged.done) {
        next = { target: at.target, after: lastDone ?? at.after, within: { prefix: p, cursor: purged.cursor } };
        break;
      }
      if (ranged) tally.dayPrefixes++;
      lastDone = p;
      if (pagesLeft <= 0) {
        next = { target: at.target, after: p };
        break;
      }
    }
    const finished = next.target > at.target;
    // Unfinished uploads carry no date a range could select, so only a whole purge aborts them.
    if (!ranged && finished) tally.abortedUploads = (await abortMultipartUploads(s3, { bucket, prefix })).aborted;
    const perClass = (counts[cls] ??= {} as Record<Copy, CopyCounts>);
    // The delete responses are not the proof: a copy counts as purged only when listing it again finds nothing.
    perClass[copy] = finished ? { ...tally, left: await leftAfterPurge(s3, bucket, prefix, ranged, req) } : tally;
    cursor = next;
  }
  const done = !cursor || cursor.target >= targets.length;
  const range = ranged ? { from: req.from, to: req.to } : undefined;
  const remains = Object.values(counts).some((c) => COPIES.some((k) => (c[k]?.retained.length ?? 0) > 0 || (c[k]?.left ?? 0) > 0));
  const auditKey = await deps.audit({
    operation: 'log-purge',
    tenantId: req.tenantId,
    outcome: remains ? 'partial' : done ? 'done' : 'continuing',
    startedAt,
    finishedAt: now().toISOString(),
    details: { classes: req.classes, range, counts: summarise(counts), done },
  });
  return { tenantId: req.tenantId, range, counts, cursor: done ? undefined : cursor, done, auditKey };
}

async function* wholePrefix(prefix: string): AsyncGenerator<string> {
  yield prefix;
}

/** What a fresh listing still finds under the tenant prefix, or under each day prefix of the range. */
async function leftAfterPurge(s3: S3Client, bucket: string, prefix: string, ranged: boolean, req: LogPurgeRequest): Promise<number> {
  let left = 0;
  for await (const p of ranged ? datePrefixes(s3, bucket, prefix, req.from, req.to) : wholePrefix(prefix)) {
    const found = await countUnderPrefix(s3, { bucket, prefix: p });
    left += found.versions + found.deleteMarkers + (ranged ? 0 : found.uploads);
  }
  return left;
}

/** The common prefixes right below `prefix` (one listing of names per 1000, no versions). */
async function childPrefixes(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let keyMarker: string | undefined;
  do {
    // URL-encoded: a raw XML listing turns a carriage return in a prefix into a line feed, and the
    // purge would then list (and report clean) a prefix that does not exist.
    const page = await s3.send(new ListObjectVersionsCommand({
      Bucket: bucket, Prefix: prefix, Delimiter: '/', KeyMarker: keyMarker, MaxKeys: 1000, EncodingType: LISTING_ENCODING,
    }));
    for (const cp of page.CommonPrefixes ?? []) {
      const sub = decodeListedKey(cp.Prefix ?? '', page.EncodingType);
      if (!isUnderPrefix(sub, prefix)) throw new Error(`listing of ${bucket} under '${prefix}' returned foreign prefix ${hashedKey(sub)}`);
      out.push(sub);
    }
    keyMarker = page.IsTruncated && page.NextKeyMarker ? decodeListedKey(page.NextKeyMarker, page.EncodingType) : undefined;
  } while (keyMarker);
  return out;
}

/**
 * The day prefixes `tenants/<t>/<device>/YYYY/MM/DD/` inside [from, to], in S3's order: devices,
 * then years, months and days, each read as common prefixes and pruned by the range before going
 * deeper, so nothing outside the range is listed version by version.
 */
async function* datePrefixes(s3: S3Client, bucket: string, prefix: string, from?: string, to?: string): AsyncGenerator<string> {
  const inRange = (value: string, length: number) =>
    (from === undefined || value >= from.slice(0, length)) && (to === undefined || value <= to.slice(0, length));
  for (const device of await childPrefixes(s3, bucket, prefix)) {
    for (const year of await childPrefixes(s3, bucket, device)) {
      const y = year.slice(device.length, -1);
      if (!/^\d{4}$/.test(y) || !inRange(y, 4)) continue;
      for (const month of await childPrefixes(s3, bucket, year)) {
        const m = month.slice(year.length, -1);
        if (!/^\d{2}$/.test(m) || !inRange(`${y}-${m}`, 7)) continue;
        for (const day of await childPrefixes(s3, bucket, month)) {
          const d = day.slice(month.length, -1);
          if (/^\d{2}$/.test(d) && inRange(`${y}-${m}-${d}`, 10)) yield day;
        }
      }
    }
  }
}

function validateCursor(raw: unknown, tenantId: string): PurgeCursor {
  const c = raw as Partial<PurgeCursor> | null;
  const prefix = tenantPrefix(tenantId);
  const ok = c !== null && typeof c === 'object' && Number.isInteger(c.target) && (c.target as number) >= 0 &&
    (c.after === undefined || (typeof c.after === 'string' && c.after.startsWith(prefix))) &&
    (c.within === undefined || (typeof c.within?.prefix === 'string' && c.within.prefix.startsWith(prefix)));
  if (!ok) throw new InputError('cursor', `must be the cursor a previous purge of tenant '${tenantId}' returned`);
  return c as PurgeCursor;
}

/** Counts without the retained keys' names, for the audit record. */
function summarise(counts: Record<string, Record<Copy, CopyCounts>>): Record<string, Record<Copy, Record<string, number>>> {
  const out: Record<string, Record<Copy, Record<string, number>>> = {};
  for (const [cls, perCopy] of Object.entries(counts)) {
    out[cls] = {} as Record<Copy, Record<string, number>>;
    for (const copy of COPIES) {
      if (!perCopy[copy]) continue;
      const { deletedVersions, deletedMarkers, dayPrefixes, abortedUploads, retained, left } = perCopy[copy];
      out[cls][copy] = {
        deletedVersions,
        deletedMarkers,
        dayPrefixes,
        abortedUploads,
        retained: retained.length,
        ...(left === undefined ? {} : { left }),
      };
    }
  }
  return out;
}
