import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { decodeListedKey, hashedKey, LISTING_ENCODING } from './s3-keys';
import { isUnderPrefix, tenantPrefix } from './tenant-id';

/** One current object under a tenant prefix. */
export interface TenantObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified?: string;
}

/** One listing page of current objects under a tenant prefix, and whether more follow. */
export interface TenantObjectPage {
  readonly objects: TenantObject[];
  readonly truncated: boolean;
}

/**
 * One page of current objects under `tenants/<tenantId>/` after `startAfter` (a decoded key, so
 * it can be a checkpoint). Keys are listed URL-encoded and decoded: a raw XML listing changes a
 * carriage return, and the object read under the changed key is another one. A foreign key stops
 * everything, named only by its hash.
 */
export async function listTenantObjectPage(s3: S3Client, bucket: string, tenantId: string, startAfter?: string): Promise<TenantObjectPage> {
  const prefix = tenantPrefix(tenantId);
  const page = await s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: startAfter ?? prefix, EncodingType: LISTING_ENCODING }),
  );
  const objects = (page.Contents ?? []).map((o) => {
    const key = decodeListedKey(o.Key ?? '', page.EncodingType);
    if (!isUnderPrefix(key, prefix)) throw new Error(`listing of ${bucket} under '${prefix}' returned foreign key ${hashedKey(key)}`);
    return { key, size: o.Size ?? 0, lastModified: o.LastModified?.toISOString() };
  });
  return { objects, truncated: page.IsTruncated === true && objects.length > 0 };
}

/** Current objects under `tenants/<tenantId>/`, page by page. */
export async function* listTenantObjects(s3: S3Client, bucket: string, tenantId: string): AsyncGenerator<TenantObject> {
  let after: string | undefined;
  for (;;) {
    const page = await listTenantObjectPage(s3, bucket, tenantId, after);
    yield* page.objects;
    if (!page.truncated) return;
    after = page.objects[page.objects.length - 1].key;
  }
}

/** Streams an object's body in chunks of at most `chunkBytes`, so a large object never sits in memory whole. */
export async function* objectChunks(
  s3: S3Client,
  params: { bucket: string; key: string; versionId?: string; chunkBytes: number },
): AsyncGenerator<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: params.bucket, Key: params.key, VersionId: params.versionId }));
  const body = out.Body as AsyncIterable<Uint8Array> | undefined;
  if (!body) return;
  let pending: Buffer[] = [];
  let size = 0;
  for await (const piece of body) {
    let rest = Buffer.from(piece);
    while (size + rest.length >= params.chunkBytes) {
      const take = params.chunkBytes - size;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      size = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      pending.push(rest);
      size += rest.length;
    }
  }
  if (size > 0) yield Buffer.concat(pending);
}

/** Every item of a tenant's partition, page by page; `consistentRead` where a stale item would decide wrongly. */
export async function* queryTenantItems<Item = Record<string, unknown>>(
  ddb: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  consistentRead = false,
): AsyncGenerator<Item> {
  const pages = paginateQuery({ client: ddb }, {
    TableName: table,
    KeyConditionExpression: 'tenantId = :t',
    ExpressionAttributeValues: { ':t': tenantId },
    ConsistentRead: consistentRead,
  });
  for await (const page of pages) for (const item of page.Items ?? []) yield item as Item;
}
