import { decodeListedKey as decodeKey, hashedKey } from './s3-keys';
import { ListObjectVersionsCommand, type ListObjectVersionsCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { isUnderPrefix } from './tenant-id';

/**
 * A part of a tenant prefix that one lister walks: the keys k under `prefix` with
 * `after` < k <= `through` in S3's byte order (either bound absent: open). Ranges whose bounds
 * chain (one's `through` is the next one's `after`) cover the prefix exactly once, whatever
 * keys exist: a key is never listed by two listers and never by none.
 */
export interface KeyRange {
  readonly prefix: string;
  /** Listing starts after this key (S3's KeyMarker without a version id: all its versions excluded). @default the start of the prefix */
  readonly after?: string;
  /** The last key of the range, inclusive. @default the end of the prefix */
  readonly through?: string;
}

/** S3 compares keys as UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function inRange(range: KeyRange, key: string): boolean {
  return key.startsWith(range.prefix)
    && (range.after === undefined || compareKeys(key, range.after) > 0)
    && (range.through === undefined || compareKeys(key, range.through) <= 0);
}

export interface SplitOptions {
  readonly bucket: string;
  /**
   * How many ranges are wanted at most; fewer come back when the keys offer fewer split points,
   * or when fewer ranges hold as many sub-prefixes each as the largest of `parts` would.
   */
  readonly parts: number;
  /**
   * Levels of the key layout the walk may descend below the tenant prefix:
   * `tenants/<t>/<log type>/YYYY/MM/DD/<device>/`. @default 5
   */
  readonly maxDepth?: number;
  /** Listing requests the walk may spend in all. @default 20 */
  readonly maxRequests?: number;
}

/**
 * Splits a range into up to `parts` consecutive ranges at sub-prefix boundaries found by a
 * Delimiter walk over the key layout: one delimited listing per level (`/`), descending while
 * there are fewer sub-prefixes than parts. Boundaries are sub-prefixes without their trailing
 * `/` (so a range never cuts through a device's or a day's keys); keys directly under a level
 * and keys between sub-prefixes fall in whichever range their position puts them, so nothing is
 * left out. A flat prefix gives one range, and the walk's one listing of it is that range's first
 * page (`firstPage`): with no sub-prefix in it, a delimited page lists exactly what an
 * undelimited one would, so the purge need not ask for it again; but not when the range starts
 * inside a sub-prefix (a shard cut at a day of a device), whose keys such a page leaves out.
 */
export async function splitRange(s3: S3Client, range: KeyRange, options: SplitOptions): Promise<SplitResult> {
  const budget = { requests: options.maxRequests ?? 20 };
  let spent = 0;
  let rootPage: ListObjectVersionsCommandOutput | undefined;
  const list = async (node: string): Promise<string[]> => {
    const found: string[] = [];
    let keyMarker = range.after !== undefined && compareKeys(range.after, node) > 0 ? range.after : undefined;
    for (;;) {
      if (spent >= budget.requests) return found;
      spent++;
      const page = await s3.send(new ListObjectVersionsCommand({
        Bucket: options.bucket, Prefix: node, Delimiter: '/', KeyMarker: keyMarker, MaxKeys: 1000, EncodingType: 'url',
      }));
      // A page of keys without sub-prefixes (a flat level) ends the walk of this node: paging on
      // would list the whole level just to find split points.
      if ((page.CommonPrefixes ?? []).length === 0) {
        // Not the range's first page when it resumed after a key inside a sub-prefix: S3 does not
        // return that sub-prefix again, so the keys after the marker in it are in neither list.
        const insideSubPrefix = keyMarker !== undefined && keyMarker.indexOf('/', node.length) >= 0;
        if (node === range.prefix && found.length === 0 && !insideSubPrefix) rootPage = page;
        return found;
      }
      for (const cp of page.CommonPrefixes ?? []) {
        const sub = decodeListedKey(cp.Prefix ?? '', page.EncodingType);
        if (!isUnderPrefix(sub, range.prefix))
          throw new Error(`walk of ${options.bucket} under '${range.prefix}' returned foreign prefix ${hashedKey(sub)}`);
        if (range.through !== undefined && compareKeys(sub, range.through) > 0) return found;
        found.push(sub);
      }
      if (!page.IsTruncated || !page.NextKeyMarker) return found;
      keyMarker = decodeListedKey(page.NextKeyMarker, page.EncodingType);
      if (range.through !== undefined && compareKeys(keyMarker, range.through) > 0) return found;
    }
  };
  let frontier = [range.prefix];
  for (let depth = 0; depth < (options.maxDepth ?? 5) && frontier.length < options.parts; depth++) {
    const next: string[] = [];
    let descended = false;
    for (const node of frontier) {
      const children = await list(node);
      descended ||= children.length > 0;
      // A node without sub-prefixes stays as it is: its keys sit between its neighbours' boundaries.
      next.push(...(children.length > 0 ? children : [node]));
    }
    // A level with one sub-prefix per node (one log type, one year, one month) is passed through, not a dead end.
    if (!descended) break;
    frontier = next;
  }
  const boundaries = chooseBoundaries(frontier.filter((p) => p !== range.prefix && inRange(range, p)), options.parts);
  const ranges: KeyRange[] = [];
  let after = range.after;
  for (const b of boundaries) {
    ranges.push({ prefix: range.prefix, after, through: b });
    after = b;
  }
  ranges.push({ prefix: range.prefix, after, through: range.through });
  return { ranges, requests: spent, firstPage: ranges.length === 1 ? rootPage : undefined };
}

export interface SplitResult {
  readonly ranges: KeyRange[];
  /** Listing requests the walk spent. */
  readonly requests: number;
  /** The first listing page of the only range, when the walk found the prefix flat. */
  readonly firstPage?: ListObjectVersionsCommandOutput;
}

/**
 * Boundaries spread evenly over the sorted sub-prefixes, each without its trailing `/`: as few
 * ranges as hold no more sub-prefixes each than `parts` ranges would. Ranges run side by side at
 * equal shares of a partition's rate, so the largest decides when all end; 12 sub-prefixes make 6
 * ranges of 2, not 8 of 1 or 2 whose single ones would leave their share idle half the run.
 */
function chooseBoundaries(subPrefixes: string[], parts: number): string[] {
  const sorted = [...new Set(subPrefixes)].sort(compareKeys);
  if (parts <= 1 || sorted.length < 2) return [];
  const cuts = Math.ceil(sorted.length / Math.ceil(sorted.length / parts));
  const out: string[] = [];
  // The range before the first sub-prefix holds only keys directly under the node; start cutting at the second.
  for (let i = 1; i < cuts; i++) {
    const at = Math.floor((i * sorted.length) / cuts);
    out.push(sorted[at].slice(0, -1));
  }
  return [...new Set(out)];
}

/**
 * Keys come URL-encoded when the listing asks for `EncodingType: url` (S3 writes a space as `+`)
 * and the answer says so; a server that ignored the request sent them as they are.
 */
export function decodeListedKey(key: string, encodingType: string | undefined): string {
  return decodeKey(key, encodingType);
}
