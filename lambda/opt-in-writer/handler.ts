import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { jsonEnv } from '../shared/json-env';
import { createLogger } from '../shared/logger';
import { tenantOf, tenantScoped } from '../shared/tenant-session';
import { writeOptInObject } from './core';

const SESSION = { sts: new STSClient({}), roleArn: requiredEnv('TENANT_SESSION_ROLE_ARN'), purpose: 'opt-in-writer' };
/** The registry read and the write run in a session tagged with the tenant: IAM keeps them to its prefix and key. */
const clientsOf = tenantScoped(SESSION, (credentials) => ({
  s3: new S3Client({ credentials }),
  ddb: DynamoDBDocumentClient.from(new DynamoDBClient({ credentials })),
}));
const config = { registryTable: requiredEnv('REGISTRY_TABLE'), buckets: jsonEnv<Record<string, string>>('OPT_IN_BUCKETS') };
const log = createLogger({ component: 'opt-in-writer' });

/** Direct invocation with IAM by the platform's writers: `{ tenantId, dataClass, key, bodyBase64, contentType? }`. */
export async function handler(event: unknown): Promise<Awaited<ReturnType<typeof writeOptInObject>>> {
  const result = await writeOptInObject({ ...clientsOf(tenantOf(event)), ...config }, event);
  log.info('written', { tenantId: result.tenantId, dataClass: result.dataClass, key: result.key });
  return result;
}
