/**
 * An in-process S3 for the data-rights bench: enough of S3 for a data-subject request and an
 * export (version and object listings in S3's order, GETs by version, puts, multipart uploads,
 * deletes), with object bodies generated from the key and version instead of stored, so 300,000
 * versions fit in a few tens of MiB and the bench measures the handler, not the store. Each
 * request can wait a fixed latency, standing in for the round trip to S3. Not S3: no auth, no
 * encryption, no partition limits.
 */
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';

interface Version {
  readonly key: string;
  readonly versionId: string;
  readonly size: number;
  readonly latest: boolean;
}

type Body = (key: string, versionId: string) => Buffer;

const asBody = (bytes: Buffer) => Object.assign(Readable.from([bytes]), { transformToByteArray: async () => new Uint8Array(bytes) });

export class MemoryS3 {
  /** Versions sorted by key, newest first within a key, as S3 lists them. */
  private versions: Version[] = [];
  private readonly puts = new Map<string, Buffer>();
  private readonly uploads = new Map<string, Map<number, Buffer>>();
  private sequence = 0;
  requests: Record<string, number> = {};
  latencyMs = 0;

  constructor(private readonly body: Body) {}

  /** This store as an S3 client: an S3Client by prototype, which the SDK's paginators require, sending here. */
  client(): S3Client {
    return Object.assign(Object.create(S3Client.prototype) as S3Client, { send: this.send.bind(this) });
  }

  /** Seeds `keys` keys of `versionsPerKey` versions each under a prefix; bodies come from `body`. */
  seed(bucket: string, keys: string[], versionsPerKey: number, size: number): void {
    const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of sorted) {
      for (let v = versionsPerKey; v >= 1; v--)
        this.versions.push({ key: `${bucket}/${key}`, versionId: `v${v}`, size, latest: v === versionsPerKey });
    }
  }

  /** The completed archives and other objects put, by bucket/key. */
  objects(): Map<string, Buffer> {
    return this.puts;
  }

  async send(command: { constructor: { name: string }; input: Record<string, any> }): Promise<any> {
    const name = command.constructor.name.replace(/Command$/, '');
    this.requests[name] = (this.requests[name] ?? 0) + 1;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const i = command.input;
    const full = (key: string) => `${i.Bucket}/${key}`;
    switch (name) {
      case 'ListObjectVersions':
        return this.listVersions(i);
      case 'ListObjectsV2':
        return this.listCurrent(i);
      case 'GetObject': {
        const put = this.puts.get(full(i.Key));
        const bytes = put ?? this.body(i.Key, i.VersionId ?? 'v-latest');
        return { Body: asBody(bytes), ContentType: 'application/x-ndjson' };
      }
      case 'PutObject': {
        this.puts.set(full(i.Key), Buffer.from(i.Body));
        return { VersionId: `p${++this.sequence}` };
      }
      case 'DeleteObject':
        this.puts.delete(full(i.Key));
        return {};
      case 'DeleteObjects':
        return {};
      case 'CreateMultipartUpload': {
        const id = `u${++this.sequence}`;
        this.uploads.set(id, new Map());
        return { UploadId: id };
      }
      case 'UploadPart':
        this.uploads.get(i.UploadId)!.set(i.PartNumber, Buffer.from(i.Body));
        return { ETag: `"${i.PartNumber}"` };
      case 'ListParts':
        return {
          Parts: [...this.uploads.get(i.UploadId)!.keys()].sort((a, b) => a - b).map((n) => ({ PartNumber: n, ETag: `"${n}"` })),
          IsTruncated: false,
        };
      case 'CompleteMultipartUpload': {
        const parts = this.uploads.get(i.UploadId)!;
        this.puts.set(
          full(i.Key),
          Buffer.concat((i.MultipartUpload.Parts as { PartNumber: number }[]).map((p) => parts.get(p.PartNumber)!)),
        );
        this.uploads.delete(i.UploadId);
        return {};
      }
      case 'AbortMultipartUpload':
        this.uploads.delete(i.UploadId);
        return {};
      default:
        throw new Error(`MemoryS3: ${name} is not modelled`);
    }
  }

  /** Index of the first version whose key sorts after `key` (or at it, when `inclusive`). */
  private seek(bucketKey: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.versions.length;
    const target = Buffer.from(bucketKey);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = Buffer.compare(Buffer.from(this.versions[mid].key), target);
      if (c < 0 || (!inclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private listVersions(i: Record<string, any>): unknown {
    const prefix = `${i.Bucket}/${i.Prefix ?? ''}`;
    let at = i.KeyMarker ? this.seek(`${i.Bucket}/${i.KeyMarker}`, i.VersionIdMarker !== undefined) : this.seek(prefix, true);
    if (i.KeyMarker && i.VersionIdMarker) {
      while (
        at < this.versions.length &&
        this.versions[at].key === `${i.Bucket}/${i.KeyMarker}` &&
        this.versions[at].versionId !== i.VersionIdMarker
      )
        at++;
      at++;
    }
    const max = i.MaxKeys ?? 1000;
    const out: Version[] = [];
    let j = at;
    for (; j < this.versions.length && out.length < max && this.versions[j].key.startsWith(prefix); j++) out.push(this.versions[j]);
    const truncated = j < this.versions.length && this.versions[j].key.startsWith(prefix);
    const strip = (k: string) => k.slice(i.Bucket.length + 1);
    const last = out.at(-1);
    return {
      Versions: out.map((v) => ({ Key: strip(v.key), VersionId: v.versionId, IsLatest: v.latest, Size: v.size })),
      DeleteMarkers: [],
      IsTruncated: truncated,
      NextKeyMarker: truncated && last ? strip(last.key) : undefined,
      NextVersionIdMarker: truncated && last ? last.versionId : undefined,
    };
  }

  private listCurrent(i: Record<string, any>): unknown {
    const prefix = `${i.Bucket}/${i.Prefix ?? ''}`;
    const start = i.ContinuationToken ?? i.StartAfter;
    let at = start ? this.seek(`${i.Bucket}/${start}`, false) : this.seek(prefix, true);
    const max = i.MaxKeys ?? 1000;
    const out: Version[] = [];
    for (; at < this.versions.length && out.length < max && this.versions[at].key.startsWith(prefix); at++) {
      if (out.at(-1)?.key !== this.versions[at].key) out.push(this.versions[at]);
    }
    while (at < this.versions.length && this.versions[at].key === out.at(-1)?.key) at++;
    const truncated = at < this.versions.length && this.versions[at].key.startsWith(prefix);
    const strip = (k: string) => k.slice(i.Bucket.length + 1);
    return {
      Contents: out.map((v) => ({ Key: strip(v.key), Size: v.size, LastModified: new Date('2026-11-26T00:00:00Z') })),
      IsTruncated: truncated,
      NextContinuationToken: truncated ? strip(out.at(-1)!.key) : undefined,
    };
  }
}
