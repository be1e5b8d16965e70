import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { jsonEnv } from '../shared/json-env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { tenantOf, tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import { type LogPurgeResult, type PurgeTargets, purgeLogs } from './core';
import { ENV } from '../../lib/vocabulary';

const PRIMARY = requiredEnv(ENV.primaryRegion);
const REPLICA = requiredEnv(ENV.replicaRegion);
const SESSION = { sts: sdkClient(STSClient, {}), roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: 'log-purge' };
/** Listing and deleting run in a session tagged with the tenant: IAM keeps them below its prefix. */
const s3Of = tenantScoped(SESSION, (credentials) => ({
  primary: sdkClient(S3Client, { region: PRIMARY, credentials }),
  replica: sdkClient(S3Client, { region: REPLICA, credentials }),
}));
const config = {
  targets: jsonEnv<PurgeTargets>(ENV.purgeTargets),
  maxPages: Number(requiredEnv(ENV.maxPages)),
  audit: s3AuditSink(sdkClient(S3Client, { region: PRIMARY }), requiredEnv(ENV.auditBucket)),
};
const log = handlerLogger('log-purge');

/** Direct invocation with IAM: `{ tenantId, classes, from?, to?, cursor? }`; bad input throws InputError naming the field. */
export const handler = withLambdaContext(log, async (event: unknown): Promise<LogPurgeResult> => {
  const result = await purgeLogs({ ...config, s3: s3Of(tenantOf(event)) }, event);
  log.info('purged', { tenantId: result.tenantId, auditKey: result.auditKey });
  return result;
});
