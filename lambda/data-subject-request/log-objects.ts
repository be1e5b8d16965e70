import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { deleteVersions, type ObjectVersionRef, type RetainedVersion, S3_BATCH_LIMIT } from '../shared/s3-versions';
import { decodeListedKey, hashedKey, LISTING_ENCODING } from '../shared/s3-keys';
import { isUnderPrefix, tenantPrefix } from '../shared/tenant-id';
import { putTenantObject } from '../shared/tenant-object';
import { type SubjectIdentifiers, splitLines } from './subject';

/** Every version of one key under the tenant prefix, newest first as S3 lists them. */
export interface KeyHistory {
  readonly key: string;
  readonly versions: { readonly versionId: string; readonly isLatest: boolean }[];
  readonly deleteMarkers: string[];
}

/** One page of histories, in S3's key order, and where the next page starts. */
export interface HistoryPage {
  /** Keys of the page; the last one may go on in the next page when `next` is set. */
  readonly histories: KeyHistory[];
  readonly next?: { readonly keyMarker: string; readonly versionIdMarker?: string };
}

/** One listing page of versions and delete markers under the tenant prefix, grouped by key. */
export async function listHistories(
  s3: S3Client,
  params: { bucket: string; tenantId: string; keyMarker?: string; versionIdMarker?: string; maxKeys?: number },
): Promise<HistoryPage> {
  const prefix = tenantPrefix(params.tenantId);
  const page = await s3.send(
    new ListObjectVersionsCommand({
      Bucket: params.bucket,
      Prefix: prefix,
      KeyMarker: params.keyMarker,
      VersionIdMarker: params.keyMarker ? params.versionIdMarker : undefined,
      MaxKeys: params.maxKeys,
      EncodingType: LISTING_ENCODING,
    }),
  );
  const byKey = new Map<string, { key: string; versions: { versionId: string; isLatest: boolean }[]; deleteMarkers: string[] }>();
  const entry = (key: string) => {
    if (!isUnderPrefix(key, prefix))
      throw new Error(`listing of ${params.bucket} under '${prefix}' returned foreign key ${hashedKey(key)}`);
    let h = byKey.get(key);
    if (!h) byKey.set(key, (h = { key, versions: [], deleteMarkers: [] }));
    return h;
  };
  const key = (k: string | undefined) => decodeListedKey(k ?? '', page.EncodingType);
  for (const v of page.Versions ?? []) entry(key(v.Key)).versions.push({ versionId: v.VersionId ?? 'null', isLatest: v.IsLatest === true });
  for (const m of page.DeleteMarkers ?? []) entry(key(m.Key)).deleteMarkers.push(m.VersionId ?? 'null');
  // S3 orders keys by their UTF-8 bytes.
  const histories = [...byKey.values()].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  const next =
    page.IsTruncated && page.NextKeyMarker
      ? { keyMarker: decodeListedKey(page.NextKeyMarker, page.EncodingType), versionIdMarker: page.NextVersionIdMarker }
      : undefined;
  return { histories, next };
}

/** One version's content, split into the subject's lines and the others. */
export interface ScannedVersion {
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly matched: string[];
  /** The other lines; kept only of the current version, the one an erase rewrites. */
  readonly kept: string[];
  readonly contentType?: string;
  readonly kmsKeyId?: string;
  /** S3's replication status of the version (`PENDING`, `COMPLETED`, `FAILED`), when the bucket replicates. */
  readonly replicationStatus?: string;
}

/** Reads one version and splits it into the subject's lines and the rest. */
export async function scanVersion(
  s3: S3Client,
  bucket: string,
  key: string,
  version: { versionId: string; isLatest: boolean },
  subject: SubjectIdentifiers,
): Promise<ScannedVersion> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: version.versionId }));
  const raw = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
  const text = (key.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const { matched, kept } = splitLines(text, subject);
  return {
    ...version, matched, kept: version.isLatest ? kept : [], contentType: out.ContentType, kmsKeyId: out.SSEKMSKeyId,
    replicationStatus: out.ReplicationStatus,
  };
}

export interface EraseOutcome {
  /** Whether a redacted version was written. */
  readonly rewritten: boolean;
  /** The redacted version written, the only version of the key that may remain. */
  readonly newVersionId?: string;
  /** Versions and markers deleted in the primary bucket, to delete with the same ids in the replica. */
  readonly deleted: ObjectVersionRef[];
  /** Versions S3 refused to delete, with its reason. */
  readonly retained: RetainedVersion[];
}

/**
 * Erases the subject from one key. When the current version names them, the other lines are
 * written as a new version (or, with none left, the key goes entirely) and every older version
 * is deleted, since older versions hold the same lines. Older versions that name the subject
 * under a clean current version are deleted too. Other subjects' lines stay.
 */
export async function eraseFromKey(
  s3: S3Client,
  params: { bucket: string; tenantId: string; tenantKeyArn?: string; history: KeyHistory; scanned: ScannedVersion[] },
): Promise<EraseOutcome> {
  const { history, scanned } = params;
  const current = scanned.find((v) => v.isLatest);
  const all = [
    ...history.versions.map((v) => ({ key: history.key, versionId: v.versionId, deleteMarker: false })),
    ...history.deleteMarkers.map((id) => ({ key: history.key, versionId: id, deleteMarker: true })),
  ];
  let rewritten = false;
  let newVersionId: string | undefined;
  let toDelete: ObjectVersionRef[];
  if (current && current.matched.length > 0) {
    if (current.kept.length > 0) {
      const text = `${current.kept.join('\n')}\n`;
      const body = history.key.endsWith('.gz') ? gzipSync(text) : Buffer.from(text);
      newVersionId = await putLike(s3, params, current, body);
      rewritten = true;
      toDelete = all.filter((v) => v.versionId !== newVersionId);
    } else {
      toDelete = all;
    }
  } else {
    const dirty = new Set(scanned.filter((v) => !v.isLatest && v.matched.length > 0).map((v) => v.versionId));
    toDelete = all.filter((v) => dirty.has(v.versionId));
  }
  const retained: RetainedVersion[] = [];
  for (let i = 0; i < toDelete.length; i += S3_BATCH_LIMIT) {
    retained.push(...(await deleteVersions(s3, params.bucket, toDelete.slice(i, i + S3_BATCH_LIMIT))).retained);
  }
  const refused = new Set(retained.map((r) => r.versionId));
  return { rewritten, newVersionId, deleted: toDelete.filter((v) => !refused.has(v.versionId)), retained };
}

/**
 * The versions and delete markers of one key still in a bucket, except those in `allowed`: the
 * proof an erase needs, by listing again rather than trusting the delete responses.
 */
export async function versionsLeft(s3: S3Client, bucket: string, key: string, allowed: ReadonlySet<string>): Promise<string[]> {
  const left: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker, EncodingType: LISTING_ENCODING,
      }),
    );
    // The prefix also lists longer keys (`a.jsonl` lists `a.jsonl.gz`): only the key itself counts.
    for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      if (decodeListedKey(v.Key ?? '', page.EncodingType) === key && !allowed.has(v.VersionId ?? 'null')) left.push(v.VersionId ?? 'null');
    }
    keyMarker = page.IsTruncated && page.NextKeyMarker ? decodeListedKey(page.NextKeyMarker, page.EncodingType) : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return left;
}

/** Writes the redacted content with the encryption the original had: the tenant key, or the bucket default. */
async function putLike(
  s3: S3Client,
  params: { bucket: string; tenantId: string; tenantKeyArn?: string; history: KeyHistory },
  original: ScannedVersion,
  body: Buffer,
): Promise<string | undefined> {
  if (params.tenantKeyArn && original.kmsKeyId === params.tenantKeyArn) {
    const out = await putTenantObject(s3, {
      bucket: params.bucket,
      tenantId: params.tenantId,
      relativeKey: params.history.key.slice(tenantPrefix(params.tenantId).length),
      tenantKeyArn: params.tenantKeyArn,
      body,
      contentType: original.contentType,
    });
    return out.versionId;
  }
  const out = await s3.send(
    new PutObjectCommand({ Bucket: params.bucket, Key: params.history.key, Body: body, ContentType: original.contentType }),
  );
  return out.VersionId;
}
