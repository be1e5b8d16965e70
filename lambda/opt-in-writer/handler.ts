import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { jsonEnv } from '../shared/json-env';
import { createLogger } from '../shared/logger';
import { writeOptInObject } from './core';

const deps = {
  s3: new S3Client({}),
  ddb: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  registryTable: requiredEnv('REGISTRY_TABLE'),
  buckets: jsonEnv<Record<string, string>>('OPT_IN_BUCKETS'),
};
const log = createLogger({ component: 'opt-in-writer' });

/** Direct invocation with IAM by the platform's writers: `{ tenantId, dataClass, key, bodyBase64, contentType? }`. */
export async function handler(event: unknown): Promise<Awaited<ReturnType<typeof writeOptInObject>>> {
  const result = await writeOptInObject(deps, event);
  log.info('written', { tenantId: result.tenantId, dataClass: result.dataClass, key: result.key });
  return result;
}
