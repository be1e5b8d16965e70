import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { tenantOf, tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import { handleConsent, type SupportConsentResult } from './core';
import { iamSupportGates } from './gates';
import { ENV } from '../../lib/vocabulary';

const SESSION = { sts: sdkClient(STSClient, {}), roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: 'support-consent' };
/** The grants are read and kept in a session tagged with the tenant: IAM keeps them to its partition. */
const ddbOf = tenantScoped(SESSION, (credentials) =>
  DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { credentials })));
const config = {
  registryTable: requiredEnv(ENV.registryTable),
  grantsTable: requiredEnv(ENV.grantsTable),
  maxGrantHours: Number(requiredEnv(ENV.maxGrantHours)),
  audit: s3AuditSink(sdkClient(S3Client, {}), requiredEnv(ENV.auditBucket)),
  gates: iamSupportGates(sdkClient(IAMClient, {}), requiredEnv(ENV.supportRoleName)),
};
const log = handlerLogger('support-consent');

/**
 * Direct invocation with IAM by the portal back end: `{ action: 'grant', tenantId, hours, requestId }`,
 * `{ action: 'revoke' | 'status', tenantId }`.
 */
export const handler = withLambdaContext(log, async (event: unknown): Promise<SupportConsentResult> => {
  const result = await handleConsent({ ...config, ddb: ddbOf(tenantOf(event)) }, event);
  log.info('consent', { tenantId: result.tenantId, active: result.activeGrants.length, auditKey: result.auditKey });
  return result;
});
