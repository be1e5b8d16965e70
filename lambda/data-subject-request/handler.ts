import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { jsonEnv } from '../shared/json-env';
import { createLogger } from '../shared/logger';
import { s3Presigner } from '../shared/presign';
import { exportDestinationFromEnv } from '../tenant-export/core';
import { type DataSubjectDeps, type DataSubjectResult, handleDataSubjectRequest } from './core';

const primary = new S3Client({ region: requiredEnv('PRIMARY_REGION') });
const userPoolId = process.env.USER_POOL_ID;
const deps: DataSubjectDeps = {
  s3: { primary, replica: new S3Client({ region: requiredEnv('REPLICA_REGION') }) },
  ddb: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  registryTable: requiredEnv('REGISTRY_TABLE'),
  cognito: userPoolId ? { client: new CognitoIdentityProviderClient({}), userPoolId } : undefined,
  logBuckets: jsonEnv('LOG_BUCKETS'),
  tables: jsonEnv('PERSONAL_TABLES'),
  destination: exportDestinationFromEnv(),
  presign: s3Presigner(primary),
  audit: s3AuditSink(primary, requiredEnv('AUDIT_BUCKET')),
  newId: randomUUID,
};
const log = createLogger({ component: 'data-subject-request' });

/** Direct invocation with IAM: `{ tenantId, mode: 'find' | 'export' | 'erase', email?, userName? }`. */
export async function handler(event: unknown): Promise<DataSubjectResult> {
  const result = await handleDataSubjectRequest(deps, event);
  // The subject's identifiers stay out of the logs, like out of the audit record.
  log.info('data-subject request', { tenantId: result.tenantId, mode: result.mode, auditKey: result.auditKey });
  return result;
}
