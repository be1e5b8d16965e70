import { S3Client } from '@aws-sdk/client-s3';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import { auditExpiredGrants, type GrantStreamRecord } from './core';

const deps = { audit: s3AuditSink(new S3Client({}), requiredEnv('AUDIT_BUCKET')) };
const log = createLogger({ component: 'support-grant-expiry' });

/** Invoked by the support-grants table's stream, filtered to time-to-live removals. */
export async function handler(event: { Records?: GrantStreamRecord[] }): Promise<void> {
  const audited = await auditExpiredGrants(deps, event.Records ?? []);
  log.info('grant expiries audited', { audited });
}
