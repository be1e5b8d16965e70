import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { InputError } from '../shared/input-error';
import { jsonEnv } from '../shared/json-env';
import { kmsSealer } from '../shared/kms-sealer';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { tenantLinkPresigner } from '../shared/presign';
import { type InvocationContext, sfnExecutions, STEP_RESERVE_MS } from '../shared/sfn-executions';
import { requestTenant, tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import { exportDestinationFromEnv } from '../tenant-export/core';
import {
  beginDataSubjectRequest, continueDataSubjectRequest, type DataSubjectDeps, type DataSubjectState, dataSubjectRequestStatus,
  failDataSubjectRequest, finishDataSubjectRequest, startDataSubjectRequest,
} from './core';
import { ENV } from '../../lib/vocabulary';

const PRIMARY = requiredEnv(ENV.primaryRegion);
const userPoolId = process.env[ENV.userPoolId];
const destination = exportDestinationFromEnv();
const session = { sts: sdkClient(STSClient, {}), roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: 'data-subject-request' };
/** The tenant's logs, items and the subject's archive are reached in a session tagged with the tenant: IAM keeps them to its data. */
const clientsOf = tenantScoped(session, (credentials) => ({
  s3: {
    primary: sdkClient(S3Client, { region: PRIMARY, credentials }),
    replica: sdkClient(S3Client, { region: requiredEnv(ENV.replicaRegion), credentials }),
  },
  ddb: DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { credentials })),
}));
let context: InvocationContext | undefined;
const config: Omit<DataSubjectDeps, 's3' | 'ddb' | 'presign'> = {
  registryTable: requiredEnv(ENV.registryTable),
  // Cognito has no condition key that tells one tenant's users from another's: the portal accounts are the function's to reach.
  cognito: userPoolId ? { client: sdkClient(CognitoIdentityProviderClient, {}), userPoolId } : undefined,
  logBuckets: jsonEnv(ENV.logBuckets),
  tables: jsonEnv(ENV.personalTables),
  destination,
  audit: s3AuditSink(sdkClient(S3Client, { region: PRIMARY }), requiredEnv(ENV.auditBucket)),
  executions: sfnExecutions(sdkClient(SFNClient, {}), requiredEnv(ENV.stateMachineArn)),
  // The subject is sealed with the exports class key, the key of what a request produces.
  sealer: kmsSealer(sdkClient(KMSClient, {}), destination.classKeyArn),
  budget: {
    pages: Number(requiredEnv(ENV.pagesPerStep)),
    timeUp: () => (context?.getRemainingTimeInMillis() ?? Infinity) < STEP_RESERVE_MS,
  },
};
const log = handlerLogger('data-subject-request');

/**
 * Callers invoke it with IAM: `{ action: 'start', requestId, tenantId, mode, email?, userName? }`
 * starts (once per requestId) the workflow; `{ action: 'status', tenantId, requestId }` answers
 * its status and result, and for an export a short-lived link once the archive is complete.
 * The workflow invokes it with `{ step, ... }`. The subject's identifiers stay out of the logs.
 */
export const handler = withLambdaContext(log, async (event: Record<string, unknown>, ctx?: InvocationContext): Promise<unknown> => {
  context = ctx;
  const tenantId = requestTenant(event);
  const deps: DataSubjectDeps = { ...config, ...clientsOf(tenantId), presign: tenantLinkPresigner(session, tenantId, PRIMARY) };
  switch (event.step ?? event.action) {
    case 'start': {
      const out = await startDataSubjectRequest(deps, event);
      log.info('data-subject request started', { tenantId: out.tenantId, requestId: out.requestId, alreadyStarted: out.alreadyStarted });
      return out;
    }
    case 'status':
      return dataSubjectRequestStatus(deps, event);
    case 'begin':
      return beginDataSubjectRequest(deps, event.input as Parameters<typeof beginDataSubjectRequest>[1]);
    case 'continue':
      return continueDataSubjectRequest(deps, event.state as DataSubjectState);
    case 'finish': {
      const result = await finishDataSubjectRequest(deps, event.state as DataSubjectState);
      log.info('data-subject request', {
        tenantId: result.tenantId,
        requestId: result.requestId,
        mode: result.mode,
        outcome: result.outcome,
        auditKey: result.auditKey,
      });
      return result;
    }
    case 'fail': {
      const input = event.input as { tenantId: string; requestId: string; mode?: string };
      const error = (event.error as { Error?: string } | undefined)?.Error;
      await failDataSubjectRequest(deps, event.state as Partial<DataSubjectState>, { ...input, error });
      log.warn('data-subject request failed', { tenantId: input.tenantId, requestId: input.requestId, error });
      return { failed: true };
    }
    default:
      throw new InputError('action', `must be 'start' or 'status', got ${JSON.stringify(event.action)}`);
  }
});
