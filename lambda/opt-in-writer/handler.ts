import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { jsonEnv } from '../shared/json-env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { tenantOf, tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import { writeOptInObject } from './core';
import { ENV } from '../../lib/vocabulary';

const SESSION = { sts: sdkClient(STSClient, {}), roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: 'opt-in-writer' };
/** The registry read and the write run in a session tagged with the tenant: IAM keeps them to its prefix and key. */
const clientsOf = tenantScoped(SESSION, (credentials) => ({
  s3: sdkClient(S3Client, { credentials }),
  ddb: DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { credentials })),
}));
const config = { registryTable: requiredEnv(ENV.registryTable), buckets: jsonEnv<Record<string, string>>(ENV.optInBuckets) };
const log = handlerLogger('opt-in-writer');

/** Direct invocation with IAM by the platform's writers: `{ tenantId, dataClass, key, bodyBase64, contentType? }`. */
export const handler = withLambdaContext(log, async (event: unknown): Promise<Awaited<ReturnType<typeof writeOptInObject>>> => {
  const result = await writeOptInObject({ ...clientsOf(tenantOf(event)), ...config }, event);
  // The object key stays out of the log: it can name a device or a user.
  log.info('written', { tenantId: result.tenantId, dataClass: result.dataClass });
  return result;
});
