import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { jsonEnv } from '../shared/json-env';
import { createLogger } from '../shared/logger';
import { s3Presigner } from '../shared/presign';
import { exportDestinationFromEnv, exportTenant, type TenantExportResult } from './core';

const s3 = new S3Client({});
const deps = {
  s3,
  ddb: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  registryTable: requiredEnv('REGISTRY_TABLE'),
  buckets: jsonEnv<Record<string, string>>('SOURCE_BUCKETS'),
  tables: jsonEnv<Record<string, string>>('SOURCE_TABLES'),
  destination: exportDestinationFromEnv(),
  presign: s3Presigner(s3),
  audit: s3AuditSink(s3, requiredEnv('AUDIT_BUCKET')),
  newId: randomUUID,
};
const log = createLogger({ component: 'tenant-export' });

/** Direct invocation with IAM: `{ tenantId }` returns the archive's key and a short-lived download URL. */
export async function handler(event: unknown): Promise<TenantExportResult> {
  const result = await exportTenant(deps, event);
  log.info('exported', { tenantId: result.tenantId, exportId: result.exportId, counts: result.counts });
  return result;
}
