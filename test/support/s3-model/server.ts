import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type ListVersionsPage, ModelBucket, S3ModelError } from './store';
import { DEFAULT_PROFILE, type LatencyProfile, PartitionLimiter, serviceTime } from './profile';
import { element, errorXml, parseDeleteBody } from './xml';

/**
 * An S3 model for listing and deletion at scale, started by the tests like moto (path-style HTTP
 * on 127.0.0.1), with what moto lacks for measuring a purge: requests overlap (each waits its own
 * service time instead of queueing behind a lock), a listing's cost depends on the page and not on
 * the bucket, a listing resumes after a deleted marker version, `encoding-type=url` is honoured,
 * and an optional per-partition limit of 3,500 keys per second answers excess deletes with
 * `503 SlowDown`. It keeps no object bodies.
 *
 * Supported: CreateBucket, HeadBucket, PutBucketVersioning, Get/PutBucketTagging,
 * Get/PutBucketPolicy, PutObject, DeleteObject, DeleteObjects, ListObjectVersions,
 * CreateMultipartUpload, AbortMultipartUpload, ListMultipartUploads; anything else is 501.
 */
export interface S3ModelOptions {
  /** @default DEFAULT_PROFILE (list 1000 in ~0.3 s, delete 1000 in ~1.0 s, ±10 %) */
  readonly profile?: LatencyProfile;
  /** Keys per second each partition admits; undefined: no limit. @default undefined */
  readonly keysPerSecond?: number;
  /** Prefixes S3 has split into partitions of their own; the rest of a bucket is one partition. @default none */
  readonly partitions?: readonly string[];
  /** The clock service times and the per-partition limit are kept on, in milliseconds (a test's virtual clock). @default performance.now */
  readonly now?: () => number;
  /** How the rest of a request's service time is waited out (a test's recorder). @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A per-key refusal (e.g. `AccessDenied` for a version under legal hold), or undefined to delete it. @default none */
  readonly refuse?: (key: string, versionId: string | undefined) => { code: string; message: string } | undefined;
}

export interface S3ModelStats {
  /** Requests by operation, e.g. `ListObjectVersions`, `DeleteObjects`. */
  requests: Record<string, number>;
  /** DeleteObjects requests refused with 503 SlowDown. */
  slowDowns: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Every key a delete request named, in order (keys, not versions). */
  deleteRequestKeys: string[];
  /** Keys per admitted DeleteObjects request, in order. */
  deleteBatchSizes: number[];
  /** Times a listing and a DeleteObjects were in flight together (counted when the second one starts). */
  listsDuringDeletes: number;
}

export interface S3Model {
  readonly endpoint: string;
  /** Client settings for an SDK v3 S3 client: path style, fixed credentials, no SDK retries. */
  clientConfig(region?: string): {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  /** The bucket's state, created (versioned) if absent: seed it directly, read it back. */
  bucket(name: string): ModelBucket;
  /** Changes the latency profile, the limit or the partitions from now on. */
  configure(options: Partial<S3ModelOptions>): void;
  stats(): S3ModelStats;
  resetStats(): void;
  /** Forgets every bucket. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startS3Model(options: S3ModelOptions = {}): Promise<S3Model> {
  let settings: S3ModelOptions = { profile: DEFAULT_PROFILE, ...options };
  const limiterOf = (o: S3ModelOptions) => (o.keysPerSecond ? new PartitionLimiter(o.partitions ?? [], o.keysPerSecond, o.now) : undefined);
  let limiter = limiterOf(settings);
  let seq = 0;
  const nextSeq = () => ++seq;
  let buckets = new Map<string, ModelBucket>();
  let stats: S3ModelStats = emptyStats();
  let deletesInFlight = 0;
  let listsInFlight = 0;
  let inFlight = 0;
  const profile = () => settings.profile ?? DEFAULT_PROFILE;

  const ensureBucket = (name: string) => {
    let b = buckets.get(name);
    if (!b) {
      b = new ModelBucket(name, nextSeq);
      b.versioning = 'Enabled';
      buckets.set(name, b);
    }
    return b;
  };

  const server: Server = createServer((req, res) => {
    const arrived = clock();
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    readBody(req)
      .then((body) => route(req, body, arrived))
      .then(
        (answer) => send(res, answer),
        (err: unknown) => {
          const e = err instanceof S3ModelError ? err : new S3ModelError(500, 'InternalError', String(err));
          send(res, { status: e.status, body: errorXml(e.code, e.message) });
        },
      );
  });
  server.keepAliveTimeout = 60000;

  interface Answer { status: number; body?: string; headers?: Record<string, string> }
  type Wait = (ms: number) => Promise<unknown>;

  const count = (op: string) => {
    stats.requests[op] = (stats.requests[op] ?? 0) + 1;
  };
  const clock = () => (settings.now ? settings.now() : performance.now());
  const timer = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  async function route(req: IncomingMessage, body: Buffer, arrived: number): Promise<Answer> {
    // A request's service time runs from its arrival: the model's own work (reading the body,
    // finding a page, writing its XML) is part of what the profile says S3 takes, not added to it.
    const wait = (ms: number) => (settings.sleep ?? timer)(Math.max(0, arrived + ms - clock()));
    const url = new URL(req.url ?? '/', 'http://model');
    const [, bucketName = '', ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const q = url.searchParams;
    // The SDK names the operation in `x-id`; it is not a sub-resource.
    const plain = [...q.keys()].every((k) => k === 'x-id');
    const method = req.method ?? 'GET';
    const bucket = () => {
      const b = buckets.get(decodeURIComponent(bucketName));
      if (!b) throw new S3ModelError(404, 'NoSuchBucket', `The specified bucket does not exist: ${bucketName}`);
      return b;
    };
    const other = async (op: string) => {
      count(op);
      await wait(serviceTime(profile().other, 0));
    };

    if (!key) {
      if (method === 'PUT' && q.has('versioning')) {
        await other('PutBucketVersioning');
        bucket().versioning = /<Status>Suspended<\/Status>/.test(body.toString()) ? 'Suspended' : 'Enabled';
        return { status: 200 };
      }
      if (method === 'PUT' && q.has('tagging')) {
        await other('PutBucketTagging');
        bucket().tags = [...body.toString().matchAll(/<Tag>\s*<Key>(.*?)<\/Key>\s*<Value>(.*?)<\/Value>\s*<\/Tag>/g)].map((m) => ({
          Key: m[1],
          Value: m[2],
        }));
        return { status: 204 };
      }
      if (method === 'GET' && q.has('tagging')) {
        await other('GetBucketTagging');
        const tags = bucket().tags;
        if (tags.length === 0) throw new S3ModelError(404, 'NoSuchTagSet', 'The TagSet does not exist');
        return xml(
          `<Tagging><TagSet>${tags.map((t) => `<Tag>${element('Key', t.Key)}${element('Value', t.Value)}</Tag>`).join('')}` +
            '</TagSet></Tagging>',
        );
      }
      if (method === 'PUT' && q.has('policy')) {
        await other('PutBucketPolicy');
        bucket().policy = body.toString();
        return { status: 204 };
      }
      if (method === 'GET' && q.has('policy')) {
        await other('GetBucketPolicy');
        const policy = bucket().policy;
        if (!policy) throw new S3ModelError(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
        return { status: 200, body: policy, headers: { 'content-type': 'application/json' } };
      }
      if (method === 'GET' && q.has('versions')) return listVersions(bucket(), q, wait);
      if (method === 'POST' && q.has('delete')) return deleteObjects(bucket(), body, wait);
      if (method === 'GET' && q.has('uploads')) {
        await other('ListMultipartUploads');
        const prefix = q.get('prefix') ?? '';
        const uploads = [...bucket().uploads.values()].filter((u) => u.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
        return xml(
          `<ListMultipartUploadsResult>${element('Bucket', bucket().name)}${element('Prefix', prefix)}<IsTruncated>false</IsTruncated>` +
            uploads
              .map(
                (u) =>
                  `<Upload>${element('Key', u.key)}${element('UploadId', u.uploadId)}` +
                  `${element('Initiated', u.initiated.toISOString())}</Upload>`,
              )
              .join('') +
            '</ListMultipartUploadsResult>',
        );
      }
      if (method === 'PUT' && plain) {
        await other('CreateBucket');
        const name = decodeURIComponent(bucketName);
        if (buckets.has(name))
          throw new S3ModelError(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded');
        const b = new ModelBucket(name, nextSeq);
        buckets.set(name, b);
        return { status: 200, headers: { location: `/${name}` } };
      }
      if (method === 'HEAD') {
        await other('HeadBucket');
        bucket();
        return { status: 200 };
      }
    } else {
      if (method === 'PUT' && plain) {
        await other('PutObject');
        const size = Number(req.headers['x-amz-decoded-content-length'] ?? body.length);
        const v = bucket().put(key, { size });
        return { status: 200, headers: { etag: '"model"', 'x-amz-version-id': v.versionId } };
      }
      if (method === 'DELETE' && q.has('uploadId')) {
        await other('AbortMultipartUpload');
        if (!bucket().uploads.delete(q.get('uploadId')!))
          throw new S3ModelError(404, 'NoSuchUpload', 'The specified upload does not exist');
        return { status: 204 };
      }
      if (method === 'DELETE') {
        await other('DeleteObject');
        stats.deleteRequestKeys.push(key);
        const versionId = q.get('versionId');
        if (versionId) {
          const gone = bucket().deleteVersion(key, versionId);
          return {
            status: 204,
            headers: { 'x-amz-version-id': versionId, ...(gone?.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}) },
          };
        }
        const marker = bucket().put(key, { deleteMarker: true });
        return { status: 204, headers: { 'x-amz-version-id': marker.versionId, 'x-amz-delete-marker': 'true' } };
      }
      if (method === 'POST' && q.has('uploads')) {
        await other('CreateMultipartUpload');
        const uploadId = `upload-${nextSeq()}`;
        bucket().uploads.set(uploadId, { key, uploadId, initiated: new Date() });
        return xml(
          `<InitiateMultipartUploadResult>${element('Bucket', bucket().name)}${element('Key', key)}` +
            `${element('UploadId', uploadId)}</InitiateMultipartUploadResult>`,
        );
      }
    }
    count('Unsupported');
    throw new S3ModelError(501, 'NotImplemented', `the S3 model does not implement ${method} ${url.pathname}${url.search}`);
  }

  async function listVersions(bucket: ModelBucket, q: URLSearchParams, wait: Wait): Promise<Answer> {
    count('ListObjectVersions');
    if (deletesInFlight > 0) stats.listsDuringDeletes++;
    listsInFlight++;
    try {
      return await listPage(bucket, q, wait);
    } finally {
      listsInFlight--;
    }
  }

  async function listPage(bucket: ModelBucket, q: URLSearchParams, wait: Wait): Promise<Answer> {
    const maxKeys = q.has('max-keys') ? Number(q.get('max-keys')) : 1000;
    if (!Number.isInteger(maxKeys) || maxKeys < 0)
      throw new S3ModelError(400, 'InvalidArgument', 'max-keys must be a non-negative integer');
    const encodingType = q.get('encoding-type') ?? undefined;
    if (encodingType !== undefined && encodingType !== 'url')
      throw new S3ModelError(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request');
    const query = {
      prefix: q.get('prefix') ?? '', delimiter: q.get('delimiter') ?? '', keyMarker: q.get('key-marker') ?? '',
      versionIdMarker: q.get('version-id-marker') ?? '', maxKeys,
    };
    const page = bucket.listVersions(query);
    // The time grows with what the page returns (versions, delete markers, common prefixes), as the
    // profile says, not with what max-keys allows: a walk's page of four sub-prefixes is quick.
    const answer = xml(listVersionsXml(bucket.name, query, page, encodingType === 'url'));
    await wait(serviceTime(profile().list, page.entries.length));
    return answer;
  }

  async function deleteObjects(bucket: ModelBucket, body: Buffer, wait: Wait): Promise<Answer> {
    count('DeleteObjects');
    const { quiet, objects } = parseDeleteBody(body.toString('utf8'));
    if (objects.length === 0 || objects.length > 1000) {
      throw new S3ModelError(400, 'MalformedXML', `DeleteObjects takes 1 to 1000 keys, got ${objects.length}`);
    }
    if (limiter && !limiter.admit(objects.map((o) => o.key))) {
      stats.slowDowns++;
      await wait(serviceTime(profile().other, 0));
      throw new S3ModelError(503, 'SlowDown', 'Please reduce your request rate.');
    }
    for (const o of objects) stats.deleteRequestKeys.push(o.key);
    stats.deleteBatchSizes.push(objects.length);
    deletesInFlight++;
    if (listsInFlight > 0) stats.listsDuringDeletes++;
    try {
      await wait(serviceTime(profile().delete, objects.length));
    } finally {
      deletesInFlight--;
    }
    const out: string[] = [];
    for (const o of objects) {
      const refused = settings.refuse?.(o.key, o.versionId);
      if (refused) {
        out.push(
          `<Error>${element('Key', o.key)}${element('VersionId', o.versionId)}` +
            `${element('Code', refused.code)}${element('Message', refused.message)}</Error>`,
        );
        continue;
      }
      if (o.versionId) {
        const gone = bucket.deleteVersion(o.key, o.versionId);
        if (!quiet)
          out.push(
            `<Deleted>${element('Key', o.key)}${element('VersionId', o.versionId)}` +
              `${gone?.deleteMarker ? '<DeleteMarker>true</DeleteMarker>' : ''}</Deleted>`,
          );
      } else {
        const marker = bucket.put(o.key, { deleteMarker: true });
        if (!quiet)
          out.push(
            `<Deleted>${element('Key', o.key)}<DeleteMarker>true</DeleteMarker>` +
              `${element('DeleteMarkerVersionId', marker.versionId)}</Deleted>`,
          );
      }
    }
    return xml(`<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${out.join('')}</DeleteResult>`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    endpoint,
    clientConfig: (region = 'eu-central-1') => ({
      endpoint,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    }),
    bucket: ensureBucket,
    configure: (changes) => {
      settings = { ...settings, ...changes };
      limiter = limiterOf(settings);
    },
    stats: () => ({
      ...stats,
      requests: { ...stats.requests },
      deleteRequestKeys: [...stats.deleteRequestKeys],
      deleteBatchSizes: [...stats.deleteBatchSizes],
    }),
    resetStats: () => {
      stats = emptyStats();
    },
    reset: () => {
      buckets = new Map();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}


function emptyStats(): S3ModelStats {
  return { requests: {}, slowDowns: 0, maxInFlight: 0, deleteRequestKeys: [], deleteBatchSizes: [], listsDuringDeletes: 0 };
}

function xml(body: string): { status: number; body: string; headers: Record<string, string> } {
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, headers: { 'content-type': 'application/xml' } };
}

function send(res: ServerResponse, answer: { status: number; body?: string; headers?: Record<string, string> }): void {
  const body = answer.body ?? '';
  res.writeHead(answer.status, {
    'x-amz-request-id': 'model',
    'content-length': String(Buffer.byteLength(body)),
    ...(body && !answer.headers?.['content-type'] ? { 'content-type': 'application/xml' } : {}),
    ...answer.headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** S3's `url` encoding of keys in listings: form encoding, a space as `+`. */
function urlEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/%2F/g, '/');
}

function listVersionsXml(
  bucket: string,
  query: { prefix: string; delimiter: string; keyMarker: string; versionIdMarker: string; maxKeys: number },
  page: ListVersionsPage,
  encode: boolean,
): string {
  const k = (s: string | undefined) => (s === undefined ? undefined : encode ? urlEncode(s) : s);
  const parts = [
    '<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    element('Name', bucket),
    element('Prefix', k(query.prefix)),
    element('KeyMarker', k(query.keyMarker)),
    element('VersionIdMarker', query.versionIdMarker),
    element('NextKeyMarker', k(page.nextKeyMarker)),
    element('NextVersionIdMarker', page.nextVersionIdMarker),
    element('MaxKeys', query.maxKeys),
    query.delimiter ? element('Delimiter', k(query.delimiter)) : '',
    encode ? element('EncodingType', 'url') : '',
    element('IsTruncated', page.isTruncated),
  ];
  for (const e of page.entries) {
    if (e.kind === 'prefix') {
      parts.push(`<CommonPrefixes>${element('Prefix', k(e.prefix))}</CommonPrefixes>`);
      continue;
    }
    const v = e.version;
    const common =
      `${element('Key', k(v.key))}${element('VersionId', v.versionId)}${element('IsLatest', e.isLatest)}` +
      `${element('LastModified', v.lastModified.toISOString())}`;
    parts.push(
      v.deleteMarker
        ? `<DeleteMarker>${common}<Owner><ID>model</ID></Owner></DeleteMarker>`
        : `<Version>${common}<ETag>&quot;model&quot;</ETag>${element('Size', v.size)}` +
          '<StorageClass>STANDARD</StorageClass><Owner><ID>model</ID></Owner></Version>',
    );
  }
  parts.push('</ListVersionsResult>');
  return parts.join('');
}
