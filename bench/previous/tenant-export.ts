/**
 * The implementation before the checkpointed workflows, kept unchanged so the bench can measure
 * it beside the current one in the same run (npm run bench). Not deployed.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditSink } from '../../lambda/shared/audit-record';
import { writeJsonLines } from './json-lines-upload';
import { getRegisteredTenant } from '../../lambda/shared/registered-tenant';
import { listTenantObjects, objectChunks, queryTenantItems } from '../../lambda/shared/tenant-listing';
import { tenantEncryptionContext } from '../../lambda/shared/tenant-object';
import { tenantPrefix } from '../../lambda/shared/tenant-id';
import { requiredEnv } from '../../lambda/shared/env';

/** Raw bytes per archive line; base64 makes a line about 4/3 of this. */
export const OBJECT_CHUNK_BYTES = 3 * 1024 * 1024;

/** Where a tenant's archive goes and how it is handed over. */
export interface ExportDestination {
  readonly bucket: string;
  /** Class key of the exports bucket, used when the tenant has no key of its own. */
  readonly classKeyArn: string;
  /** Seconds the download link stays valid. */
  readonly urlSeconds: number;
}

/** The export destination as the CDK wiring hands it to every handler that writes archives. */
export function exportDestinationFromEnv(): ExportDestination {
  return {
    bucket: requiredEnv('EXPORTS_BUCKET'),
    classKeyArn: requiredEnv('EXPORTS_KEY_ARN'),
    urlSeconds: Number(requiredEnv('DOWNLOAD_URL_SECONDS')),
  };
}

export interface TenantExportDeps {
  readonly s3: S3Client;
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  /** Tenant-data buckets to export, by data class. */
  readonly buckets: Readonly<Record<string, string>>;
  /** Tenant-data tables to export, by data class. */
  readonly tables: Readonly<Record<string, string>>;
  readonly destination: ExportDestination;
  /** Signs a GET of the archive; injected so the core needs no credentials. */
  readonly presign: (bucket: string, key: string, seconds: number) => Promise<string>;
  readonly audit: AuditSink;
  readonly newId: () => string;
  readonly now?: () => Date;
}

export interface TenantExportResult {
  readonly tenantId: string;
  readonly exportId: string;
  readonly bucket: string;
  readonly key: string;
  /** Presigned GET of the archive. */
  readonly url: string;
  readonly urlExpiresAt: string;
  readonly counts: { objects: number; objectBytes: number; items: number; lines: number };
  readonly auditKey: string;
}

/**
 * Exports a tenant's data (P-PORTABILITY) as one JSON-lines archive in the exports bucket of its
 * jurisdiction: a header line, one or more `object` lines per object (base64 chunks), one `item`
 * line per table item, an `end` line with the counts. Encrypted with the tenant's own key when
 * it has one, else the exports class key; the bucket's lifecycle expires it within days.
 */
export async function exportTenant(deps: TenantExportDeps, raw: unknown): Promise<TenantExportResult> {
  const request = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const tenant = await getRegisteredTenant(deps.ddb, deps.registryTable, request.tenantId);
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const exportId = deps.newId();
  const key = `${tenantPrefix(tenant.tenantId)}exports/${startedAt.slice(0, 10)}/${exportId}.jsonl`;
  const counts = { objects: 0, objectBytes: 0, items: 0, lines: 0 };
  const prefixLength = tenantPrefix(tenant.tenantId).length;

  const written = await writeJsonLines(
    deps.s3,
    {
      bucket: deps.destination.bucket,
      key,
      kmsKeyArn: tenant.tenantKeyArn ?? deps.destination.classKeyArn,
      encryptionContext: tenant.tenantKeyArn ? tenantEncryptionContext(tenant.tenantId) : undefined,
    },
    async (upload) => {
      await upload.write({
        kind: 'export', format: 1, tenantId: tenant.tenantId, exportId, createdAt: startedAt,
        dataClasses: [...Object.keys(deps.buckets), ...Object.keys(deps.tables)],
      });
      for (const [dataClass, bucket] of Object.entries(deps.buckets)) {
        for await (const object of listTenantObjects(deps.s3, bucket, tenant.tenantId)) {
          let chunk = 0;
          for await (const bytes of objectChunks(deps.s3, { bucket, key: object.key, chunkBytes: OBJECT_CHUNK_BYTES })) {
            await upload.write({
              kind: 'object', dataClass, key: object.key.slice(prefixLength), lastModified: object.lastModified,
              chunk: chunk++, bodyBase64: bytes.toString('base64'),
            });
          }
          counts.objects++;
          counts.objectBytes += object.size;
        }
      }
      for (const [dataClass, table] of Object.entries(deps.tables)) {
        for await (const item of queryTenantItems(deps.ddb, table, tenant.tenantId)) {
          await upload.write({ kind: 'item', dataClass, item: plain(item) });
          counts.items++;
        }
      }
      await upload.write({ kind: 'end', objects: counts.objects, items: counts.items });
    },
  );
  counts.lines = written.lines;
  const url = await deps.presign(deps.destination.bucket, key, deps.destination.urlSeconds);
  const urlExpiresAt = new Date(now().getTime() + deps.destination.urlSeconds * 1000).toISOString();
  const auditKey = await deps.audit({
    operation: 'tenant-export',
    tenantId: tenant.tenantId,
    outcome: 'done',
    startedAt,
    finishedAt: now().toISOString(),
    details: { exportId, key, counts },
  });
  return { tenantId: tenant.tenantId, exportId, bucket: deps.destination.bucket, key, url, urlExpiresAt, counts, auditKey };
}

/** DynamoDB sets become arrays, so the archive is plain JSON. */
function plain(item: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(item, (_k, v: unknown) => (v instanceof Set ? [...v] : v))) as Record<string, unknown>;
}
