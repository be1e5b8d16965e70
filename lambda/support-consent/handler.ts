import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import { tenantOf, tenantScoped } from '../shared/tenant-session';
import { handleConsent, type SupportConsentResult } from './core';
import { iamSupportGates } from './gates';

const SESSION = { sts: new STSClient({}), roleArn: requiredEnv('TENANT_SESSION_ROLE_ARN'), purpose: 'support-consent' };
/** The grants are read and kept in a session tagged with the tenant: IAM keeps them to its partition. */
const ddbOf = tenantScoped(SESSION, (credentials) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ credentials })));
const config = {
  registryTable: requiredEnv('REGISTRY_TABLE'),
  grantsTable: requiredEnv('GRANTS_TABLE'),
  maxGrantHours: Number(requiredEnv('MAX_GRANT_HOURS')),
  audit: s3AuditSink(new S3Client({}), requiredEnv('AUDIT_BUCKET')),
  gates: iamSupportGates(new IAMClient({}), requiredEnv('SUPPORT_ROLE_NAME')),
};
const log = createLogger({ component: 'support-consent' });

/**
 * Direct invocation with IAM by the portal back end: `{ action: 'grant', tenantId, hours, requestId }`,
 * `{ action: 'revoke' | 'status', tenantId }`.
 */
export async function handler(event: unknown): Promise<SupportConsentResult> {
  const result = await handleConsent({ ...config, ddb: ddbOf(tenantOf(event)) }, event);
  log.info('consent', { tenantId: result.tenantId, active: result.activeGrants.length, auditKey: result.auditKey });
  return result;
}
