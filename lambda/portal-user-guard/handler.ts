import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { admitPortalUser, type PortalUserEvent } from './guard';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** Cognito's pre-sign-up and pre-token-generation trigger: returns the event unchanged when the user is admitted. */
export async function handler(event: PortalUserEvent): Promise<PortalUserEvent> {
  await admitPortalUser({ ddb, registryTable: requiredEnv('REGISTRY_TABLE') }, event);
  return event;
}
