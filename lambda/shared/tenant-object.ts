import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import { InputError } from './input-error';
import { assertWritableKey } from './s3-keys';
import { tenantPrefix, validateTenantId } from './tenant-id';

/** The KMS encryption context every tenant object is written with; tenant keys only work with it. */
export function tenantEncryptionContext(tenantId: string): { tenantId: string } {
  return { tenantId: validateTenantId(tenantId) };
}

export interface PutTenantObjectParams {
  readonly bucket: string;
  readonly tenantId: string;
  /** Key below the tenant prefix, e.g. `device-logs/2026/11/26/fw-1.json`; no `..`, no leading `/`. */
  readonly relativeKey: string;
  /** ARN of the tenant's own key (from the tenant registry). */
  readonly tenantKeyArn: string;
  readonly body: PutObjectCommandInput['Body'];
  /** @default 'application/octet-stream' */
  readonly contentType?: string;
}

/**
 * Writes one object of a tenant: under `tenants/<tenantId>/`, encrypted with the tenant's own key
 * and the tenant encryption context, so disabling that key makes every copy unreadable at once
 * (crypto-shredding) and the key policy can refuse use for any other tenant. The bucket key is
 * off for these objects because a bucket key would replace the tenant context with the bucket's.
 */
export async function putTenantObject(s3: S3Client, params: PutTenantObjectParams): Promise<{ key: string; versionId?: string }> {
  const prefix = tenantPrefix(params.tenantId);
  const rel = params.relativeKey;
  if (rel === '' || rel.startsWith('/') || rel.split('/').some((part) => part === '..' || part === '.')) {
    throw new InputError('relativeKey', `'${rel}' must be a relative key without '.', '..' or a leading '/'`);
  }
  assertWritableKey(rel, 'relativeKey');
  if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/.test(params.tenantKeyArn)) {
    throw new InputError('tenantKeyArn', `'${params.tenantKeyArn}' is not a KMS key ARN`);
  }
  const key = `${prefix}${rel}`;
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: params.bucket,
      Key: key,
      Body: params.body,
      ContentType: params.contentType ?? 'application/octet-stream',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: params.tenantKeyArn,
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify(tenantEncryptionContext(params.tenantId))).toString('base64'),
      BucketKeyEnabled: false,
    }),
  );
  return { key, versionId: out.VersionId };
}
