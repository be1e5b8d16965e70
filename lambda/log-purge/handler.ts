import { S3Client } from '@aws-sdk/client-s3';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { jsonEnv } from '../shared/json-env';
import { createLogger } from '../shared/logger';
import { type LogPurgeResult, type PurgeTargets, purgeLogs } from './core';

const primary = new S3Client({ region: requiredEnv('PRIMARY_REGION') });
const deps = {
  s3: { primary, replica: new S3Client({ region: requiredEnv('REPLICA_REGION') }) },
  targets: jsonEnv<PurgeTargets>('PURGE_TARGETS'),
  maxPages: Number(requiredEnv('MAX_PAGES')),
  audit: s3AuditSink(primary, requiredEnv('AUDIT_BUCKET')),
};
const log = createLogger({ component: 'log-purge' });

/** Direct invocation with IAM: `{ tenantId, classes, from?, to?, cursor? }`; bad input throws InputError naming the field. */
export async function handler(event: unknown): Promise<LogPurgeResult> {
  const result = await purgeLogs(deps, event);
  log.info('purged', { tenantId: result.tenantId, auditKey: result.auditKey });
  return result;
}
