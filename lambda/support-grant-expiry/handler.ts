import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { S3Client } from '@aws-sdk/client-s3';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { sdkClient } from '../shared/sdk-clients';
import { auditExpiredGrant, type GrantStreamRecord } from './core';
import { ENV } from '../../lib/vocabulary';

const deps = { audit: s3AuditSink(sdkClient(S3Client, {}), requiredEnv(ENV.auditBucket)) };
const log = handlerLogger('support-grant-expiry');
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Invoked by the support-grants table's stream, filtered to time-to-live removals. Answers the
 * records that failed (ReportBatchItemFailures): a record that cannot be audited is retried
 * without the audits of the others being held back.
 */
export const handler = withLambdaContext(log, async (event: { Records?: GrantStreamRecord[] }, context) => {
  let audited = 0;
  const response = await processPartialResponse(
    { Records: event.Records ?? [] },
    async (record: GrantStreamRecord) => {
      if (await auditExpiredGrant(deps, record)) audited++;
    },
    processor,
    { context: context as never, processInParallel: false },
  );
  log.info('grant expiries audited', { audited, failed: response.batchItemFailures.length });
  return response;
});
