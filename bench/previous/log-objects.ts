/**
 * The implementation before the checkpointed workflows, kept unchanged so the bench can measure
 * it beside the current one in the same run (npm run bench). Not deployed.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { deleteVersions, type ObjectVersionRef, S3_BATCH_LIMIT } from '../../lambda/shared/s3-versions';
import { isUnderPrefix, tenantPrefix } from '../../lambda/shared/tenant-id';
import { putTenantObject } from '../../lambda/shared/tenant-object';
import { type SubjectIdentifiers, splitLines } from './subject';

/** Every version of one key under the tenant prefix, newest first as S3 lists them. */
export interface KeyHistory {
  readonly key: string;
  readonly versions: { readonly versionId: string; readonly isLatest: boolean }[];
  readonly deleteMarkers: string[];
}

/** All keys with their versions and delete markers under `tenants/<tenantId>/` in one bucket. */
export async function keyHistories(s3: S3Client, bucket: string, tenantId: string): Promise<KeyHistory[]> {
  const prefix = tenantPrefix(tenantId);
  const byKey = new Map<string, { key: string; versions: { versionId: string; isLatest: boolean }[]; deleteMarkers: string[] }>();
  const entry = (key: string) => {
    if (!isUnderPrefix(key, prefix)) throw new Error(`listing of ${bucket} under '${prefix}' returned foreign key '${key}'`);
    let h = byKey.get(key);
    if (!h) byKey.set(key, (h = { key, versions: [], deleteMarkers: [] }));
    return h;
  };
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    for (const v of page.Versions ?? [])
      entry(v.Key ?? '').versions.push({ versionId: v.VersionId ?? 'null', isLatest: v.IsLatest === true });
    for (const m of page.DeleteMarkers ?? []) entry(m.Key ?? '').deleteMarkers.push(m.VersionId ?? 'null');
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return [...byKey.values()];
}

/** One version's content, split into the subject's lines and the others. */
export interface ScannedVersion {
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly matched: string[];
  readonly kept: string[];
  readonly contentType?: string;
  readonly kmsKeyId?: string;
}

/** Reads every version of a key and splits each into the subject's lines and the rest. */
export async function scanKey(s3: S3Client, bucket: string, history: KeyHistory, subject: SubjectIdentifiers): Promise<ScannedVersion[]> {
  const scanned: ScannedVersion[] = [];
  for (const v of history.versions) {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: history.key, VersionId: v.versionId }));
    const raw = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
    const text = (history.key.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    scanned.push({ ...v, ...splitLines(text, subject), contentType: out.ContentType, kmsKeyId: out.SSEKMSKeyId });
  }
  return scanned;
}

export interface EraseOutcome {
  /** Whether a redacted version was written. */
  readonly rewritten: boolean;
  /** Versions and markers deleted in the primary bucket and, with the same ids, in the replica. */
  readonly deleted: ObjectVersionRef[];
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
  let toDelete: ObjectVersionRef[];
  if (current && current.matched.length > 0) {
    if (current.kept.length > 0) {
      const text = `${current.kept.join('\n')}\n`;
      const body = history.key.endsWith('.gz') ? gzipSync(text) : Buffer.from(text);
      const newVersionId = await putLike(s3, params, current, body);
      rewritten = true;
      toDelete = all.filter((v) => v.versionId !== newVersionId);
    } else {
      toDelete = all;
    }
  } else {
    const dirty = new Set(scanned.filter((v) => !v.isLatest && v.matched.length > 0).map((v) => v.versionId));
    toDelete = all.filter((v) => dirty.has(v.versionId));
  }
  for (let i = 0; i < toDelete.length; i += S3_BATCH_LIMIT) {
    const result = await deleteVersions(s3, params.bucket, toDelete.slice(i, i + S3_BATCH_LIMIT));
    if (result.retained.length > 0) {
      throw new Error(`S3 kept ${result.retained.length} version(s) of ${history.key}: ${result.retained[0].reason}`);
    }
  }
  return { rewritten, deleted: toDelete };
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
