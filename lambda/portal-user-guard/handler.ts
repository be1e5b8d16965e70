import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { sdkClient } from '../shared/sdk-clients';
import { admitPortalUser, type PortalUserEvent } from './guard';
import { ENV } from '../../lib/vocabulary';

const ddb = DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, {}));
const log = handlerLogger('portal-user-guard');

/**
 * Cognito's pre-sign-up and pre-token-generation trigger: returns the event unchanged when the
 * user is admitted. A refusal is logged by its reason (the attribute and the tenant id), never
 * by the user, and thrown for Cognito to refuse.
 */
export const handler = withLambdaContext(log, async (event: PortalUserEvent): Promise<PortalUserEvent> => {
  try {
    await admitPortalUser({ ddb, registryTable: requiredEnv(ENV.registryTable) }, event);
  } catch (err) {
    log.warn('portal user refused', { triggerSource: event.triggerSource, err });
    throw err;
  }
  return event;
});
