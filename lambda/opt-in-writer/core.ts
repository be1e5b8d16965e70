import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InputError } from '../shared/input-error';
import { getRegisteredTenant } from '../shared/registered-tenant';
import { putTenantObject } from '../shared/tenant-object';

/** Largest body accepted, below Lambda's 6 MB synchronous payload once base64 is undone. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface OptInWriterDeps {
  readonly s3: S3Client;
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  /** Bucket of each opt-in data class, e.g. `{ 'config-backups': 'steward-eu-config-backups-...' }`. */
  readonly buckets: Readonly<Record<string, string>>;
}

/** A write to an opt-in store on behalf of a tenant. */
export interface OptInWriteRequest {
  readonly tenantId: string;
  /** `config-backups`, `provisioning-templates` or `advanced-reporting-logs`. */
  readonly dataClass: string;
  /** Key below `tenants/<tenantId>/`. */
  readonly key: string;
  /** Object content, base64. */
  readonly bodyBase64: string;
  /** @default 'application/octet-stream' */
  readonly contentType?: string;
}

/**
 * The only writer of opt-in stores (P-OPT-IN): it writes for a tenant only after reading, from
 * the tenant registry, that the tenant opted in to that class. The buckets' policies deny
 * every other role, so this check cannot be skipped by writing directly.
 */
export async function writeOptInObject(
  deps: OptInWriterDeps,
  raw: unknown,
): Promise<{ tenantId: string; dataClass: string; bucket: string; key: string; versionId?: string }> {
  const req = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const known = Object.keys(deps.buckets);
  const dataClass = req.dataClass;
  if (typeof dataClass !== 'string' || !known.includes(dataClass)) {
    throw new InputError('dataClass', `must be an opt-in data class (${known.join(', ')}), got ${JSON.stringify(dataClass)}`);
  }
  if (typeof req.key !== 'string' || req.key === '') throw new InputError('key', 'a key below the tenant prefix is required');
  if (typeof req.bodyBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(req.bodyBase64)) {
    throw new InputError('bodyBase64', 'must be the object content in base64');
  }
  const body = Buffer.from(req.bodyBase64, 'base64');
  if (body.length > MAX_BODY_BYTES) throw new InputError('bodyBase64', `content exceeds ${MAX_BODY_BYTES} bytes`);
  if (req.contentType !== undefined && (typeof req.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(req.contentType))) {
    throw new InputError('contentType', `must be a media type such as application/json, got ${JSON.stringify(req.contentType)}`);
  }

  const tenant = await getRegisteredTenant(deps.ddb, deps.registryTable, req.tenantId);
  if (!tenant.optIns.has(dataClass)) {
    throw new InputError('dataClass', `tenant '${tenant.tenantId}' has not opted in to '${dataClass}'; nothing written`);
  }
  if (!tenant.tenantKeyArn) {
    throw new Error(`tenant registry: tenant '${tenant.tenantId}' has no tenantKeyArn; nothing written`);
  }
  const bucket = deps.buckets[dataClass];
  const out = await putTenantObject(deps.s3, {
    bucket,
    tenantId: tenant.tenantId,
    relativeKey: req.key,
    tenantKeyArn: tenant.tenantKeyArn,
    body,
    contentType: req.contentType as string | undefined,
  });
  return { tenantId: tenant.tenantId, dataClass, bucket, key: out.key, versionId: out.versionId };
}
