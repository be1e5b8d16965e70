import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { requiredEnv } from '../shared/env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { sdkClient } from '../shared/sdk-clients';
import { type RegistryStreamRecord, startTermination } from './start';
import { ENV } from '../../lib/vocabulary';

const log = handlerLogger('termination-trigger');
const deps = { sfn: sdkClient(SFNClient, {}), stateMachineArn: requiredEnv(ENV.stateMachineArn), log };
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Event: a DynamoDB stream batch of the tenant-registry table, filtered to `status = terminated`.
 * Answers the records that failed (ReportBatchItemFailures), so one failed start is retried
 * without holding back the terminations the rest of the batch started; records are handled in
 * stream order.
 */
export const handler = withLambdaContext(log, (event: { Records?: RegistryStreamRecord[] }, context) =>
  processPartialResponse(
    { Records: event.Records ?? [] },
    (record: RegistryStreamRecord) => startTermination(deps, record),
    processor,
    { context: context as never, processInParallel: false },
  ));
