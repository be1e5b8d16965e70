/**
 * The state of an S3 model bucket: keys in byte order, each with its versions newest first, and the
 * listing and deletion semantics of S3 (not moto's): a listing resumes after a key/version marker
 * even when that version has been deleted since, because version ids here carry their place in
 * the order (S3 version ids are opaque but S3 resumes at the next version in order,
 * localstack/localstack#12259).
 */

export interface StoredVersion {
  readonly key: string;
  readonly versionId: string;
  /** Order of creation across the bucket; newer versions of a key have a higher sequence. */
  readonly seq: number;
  readonly deleteMarker: boolean;
  readonly size: number;
  readonly lastModified: Date;
}

export interface ListVersionsQuery {
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  versionIdMarker?: string;
  maxKeys?: number;
}

export type ListedEntry = { kind: 'version'; version: StoredVersion; isLatest: boolean } | { kind: 'prefix'; prefix: string };

export interface ListVersionsPage {
  entries: ListedEntry[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

/** Thrown for a request S3 would refuse with 400; `code` is S3's error code. */
export class S3ModelError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** S3 compares keys as UTF-8 bytes; for keys without surrogate pairs this equals code unit order. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const VERSION_ID = /^v([0-9a-z]{8})([0-9a-zA-Z]{8})$/;

export class ModelBucket {
  /** Keys in byte order; a key whose versions are all gone stays until the next compaction. */
  private keys: string[] = [];
  private readonly versions = new Map<string, StoredVersion[]>();
  private emptyKeys = 0;
  versioning: 'Enabled' | 'Suspended' | undefined;
  tags: Array<{ Key: string; Value: string }> = [];
  policy?: string;
  readonly uploads = new Map<string, { key: string; uploadId: string; initiated: Date }>();

  constructor(readonly name: string, private readonly nextSeq: () => number) {}

  /** Writes a new version (or a delete marker) of a key and returns it. */
  put(key: string, options: { deleteMarker?: boolean; size?: number; at?: Date } = {}): StoredVersion {
    const seq = this.nextSeq();
    const version: StoredVersion = {
      key,
      versionId: `v${seq.toString(36).padStart(8, '0')}${randomSuffix()}`,
      seq,
      deleteMarker: options.deleteMarker ?? false,
      size: options.deleteMarker ? 0 : options.size ?? 0,
      lastModified: options.at ?? new Date(),
    };
    let list = this.versions.get(key);
    if (!list) {
      list = [];
      this.versions.set(key, list);
      this.insertKey(key);
    } else if (list.length === 0) {
      this.emptyKeys--;
    }
    list.unshift(version);
    return version;
  }

  /**
   * Appends many keys in one go (seeding): `keys` must be new and the caller's order is kept only
   * where it is byte order; the key index is rebuilt once.
   */
  seed(entries: Iterable<{ key: string; versions: number; deleteMarker?: boolean; size?: number }>): number {
    let written = 0;
    const at = new Date();
    for (const e of entries) {
      let list = this.versions.get(e.key);
      if (!list) {
        list = [];
        this.versions.set(e.key, list);
        this.keys.push(e.key);
      } else if (list.length === 0) {
        this.emptyKeys--;
      }
      for (let n = 0; n < e.versions; n++) {
        const seq = this.nextSeq();
        list.unshift({
          key: e.key,
          versionId: `v${seq.toString(36).padStart(8, '0')}${randomSuffix()}`,
          seq,
          deleteMarker: false,
          size: e.size ?? 16,
          lastModified: at,
        });
        written++;
      }
      if (e.deleteMarker) {
        const seq = this.nextSeq();
        list.unshift({
          key: e.key,
          versionId: `v${seq.toString(36).padStart(8, '0')}${randomSuffix()}`,
          seq,
          deleteMarker: true,
          size: 0,
          lastModified: at,
        });
        written++;
      }
    }
    this.keys = [...new Set(this.keys)].sort(compareKeys);
    return written;
  }

  /** Deletes one version; deleting a version that does not exist succeeds, as on S3. */
  deleteVersion(key: string, versionId: string): StoredVersion | undefined {
    const list = this.versions.get(key);
    if (!list) return undefined;
    const at = list.findIndex((v) => v.versionId === versionId);
    if (at < 0) return undefined;
    const [gone] = list.splice(at, 1);
    if (list.length === 0) this.markEmpty();
    return gone;
  }

  /** Every version and delete marker, in listing order. */
  *all(prefix = ''): Generator<StoredVersion> {
    for (const key of this.keys.slice(this.lowerBound(prefix))) {
      if (!key.startsWith(prefix)) break;
      yield* this.versions.get(key) ?? [];
    }
  }

  count(prefix = ''): number {
    let n = 0;
    for (const _ of this.all(prefix)) n++;
    return n;
  }

  /** ListObjectVersions with S3's rules for prefix, delimiter, markers and max-keys. */
  listVersions(query: ListVersionsQuery): ListVersionsPage {
    const prefix = query.prefix ?? '';
    const maxKeys = Math.min(query.maxKeys ?? 1000, 1000);
    const delimiter = query.delimiter || undefined;
    const keyMarker = query.keyMarker || undefined;
    let afterSeq: number | undefined;
    if (keyMarker && query.versionIdMarker) {
      // Versions here always have ids (the model has no unversioned 'null' versions).
      const m = VERSION_ID.exec(query.versionIdMarker);
      if (!m) throw new S3ModelError(400, 'InvalidArgument', 'Invalid version id specified');
      afterSeq = parseInt(m[1], 36);
    } else if (!keyMarker && query.versionIdMarker) {
      throw new S3ModelError(400, 'InvalidArgument', 'A version-id marker cannot be specified without a key marker.');
    }
    const entries: ListedEntry[] = [];
    let lastCommonPrefix: string | undefined;
    let start = this.lowerBound(keyMarker && compareKeys(keyMarker, prefix) > 0 ? keyMarker : prefix);
    // The marker key itself is listed again only for its versions after the version-id marker.
    const pushVersions = (key: string, list: readonly StoredVersion[]): 'full' | 'ok' => {
      const latest = list[0];
      for (const v of list) {
        if (key === keyMarker && afterSeq !== undefined && !(v.seq < afterSeq)) continue;
        if (entries.length >= maxKeys) return 'full';
        entries.push({ kind: 'version', version: v, isLatest: v === latest });
      }
      return 'ok';
    };
    for (; start < this.keys.length; start++) {
      const key = this.keys[start];
      if (!key.startsWith(prefix)) {
        if (compareKeys(key, prefix) > 0) break;
        continue;
      }
      const list = this.versions.get(key) ?? [];
      if (list.length === 0) continue;
      if (keyMarker && compareKeys(key, keyMarker) < 0) continue;
      if (keyMarker && key === keyMarker && afterSeq === undefined) continue;
      if (delimiter) {
        const cut = key.indexOf(delimiter, prefix.length);
        if (cut >= 0) {
          const common = key.slice(0, cut + delimiter.length);
          if (common === lastCommonPrefix) continue;
          // Resuming inside a common prefix already returned: S3 does not return it again.
          if (keyMarker && compareKeys(common, keyMarker) <= 0) continue;
          if (entries.length >= maxKeys) return this.truncated(entries);
          entries.push({ kind: 'prefix', prefix: common });
          lastCommonPrefix = common;
          continue;
        }
      }
      if (pushVersions(key, list) === 'full') return this.truncated(entries);
    }
    return { entries, isTruncated: false };
  }

  private truncated(entries: ListedEntry[]): ListVersionsPage {
    const last = entries[entries.length - 1];
    if (!last) return { entries, isTruncated: true };
    return last.kind === 'prefix'
      ? { entries, isTruncated: true, nextKeyMarker: last.prefix }
      : { entries, isTruncated: true, nextKeyMarker: last.version.key, nextVersionIdMarker: last.version.versionId };
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertKey(key: string): void {
    this.keys.splice(this.lowerBound(key), 0, key);
  }

  private markEmpty(): void {
    this.emptyKeys++;
    if (this.emptyKeys > 1024 && this.emptyKeys > this.keys.length / 2) {
      this.keys = this.keys.filter((k) => {
        const keep = (this.versions.get(k)?.length ?? 0) > 0;
        if (!keep) this.versions.delete(k);
        return keep;
      });
      this.emptyKeys = 0;
    }
  }
}

function randomSuffix(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < 8; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}
