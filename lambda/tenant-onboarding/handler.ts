import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { tenantOf, tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import { onboardTenant, type OnboardResult } from './onboard';
import { ENV } from '../../lib/vocabulary';

const kms = sdkClient(KMSClient, {});
const SESSION = { sts: sdkClient(STSClient, {}), roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: 'onboarding' };
/** The registry entry is read and written in a session tagged with the tenant: IAM keeps it to that partition. */
const ddbOf = tenantScoped(SESSION, (credentials) =>
  DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { credentials })));
const log = handlerLogger('tenant-onboarding');

/** Input: `{ "tenantId": "acme", "optIns": ["config-backups"] }`; see docs/termination.md. */
export const handler = withLambdaContext(log, async (event: unknown): Promise<OnboardResult> => {
  return onboardTenant(
    {
      kms,
      ddb: ddbOf(tenantOf(event)),
      registryTable: requiredEnv(ENV.registryTable),
      aliasPrefix: requiredEnv(ENV.tenantKeyAliasPrefix),
      appName: requiredEnv(ENV.appName),
      jurisdictionId: requiredEnv(ENV.jurisdictionId),
      partition: requiredEnv(ENV.partition),
      accountId: requiredEnv(ENV.accountId),
      region: requiredEnv('AWS_REGION'),
      platformRoleArnPattern: requiredEnv(ENV.platformRoleArnPattern),
      keyAdministratorArn: requiredEnv(ENV.keyAdministratorArn),
      log,
    },
    event,
  );
});
