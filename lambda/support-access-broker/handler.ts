import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { InputError } from '../shared/input-error';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import { brokerSupportSession, ConsentRequiredError } from './core';
import { ENV } from '../../lib/vocabulary';

const sts = sdkClient(STSClient, {});
/** The grants and status are read in a session tagged with the tenant asked for: IAM keeps them to its partition. */
const ddbOf = tenantScoped({ sts, roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: 'support-broker' }, (credentials) =>
  DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { credentials })));
const config = {
  sts,
  registryTable: requiredEnv(ENV.registryTable),
  grantsTable: requiredEnv(ENV.grantsTable),
  supportRoleArn: requiredEnv(ENV.supportRoleArn),
  maxSessionMinutes: Number(requiredEnv(ENV.maxSessionMinutes)),
  audit: s3AuditSink(sdkClient(S3Client, {}), requiredEnv(ENV.auditBucket)),
};
const log = handlerLogger('support-access-broker');

/** The parts of a function-URL event the broker reads; the URL's auth type is AWS_IAM. */
export interface FunctionUrlEvent {
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: { readonly authorizer?: { readonly iam?: { readonly userArn?: string } } };
}

interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** `POST { tenantId, ticket }` signed with SigV4; answers 200 with credentials, 400 bad input, 403 no grant. */
export const handler = withLambdaContext(log, async (event: FunctionUrlEvent): Promise<HttpResult> => {
  const callerArn = event.requestContext?.authorizer?.iam?.userArn;
  if (!callerArn) return reply(403, { error: 'caller: the request carries no IAM identity' });
  let body: Record<string, unknown>;
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return reply(400, { error: 'body: must be a JSON object { tenantId, ticket }', field: 'body' });
  }
  try {
    const deps = { ...config, ddb: ddbOf(body?.tenantId) };
    const session = await brokerSupportSession(deps, { tenantId: body?.tenantId, ticket: body?.ticket, callerArn });
    // The caller's ARN can carry a person's name: the audit record names the caller, the log does not.
    log.info('support session issued', { tenantId: session.tenantId, grantId: session.grantId });
    return reply(200, session);
  } catch (err) {
    if (err instanceof InputError) return reply(400, { error: err.message, field: err.field });
    if (err instanceof ConsentRequiredError) {
      log.warn('support session refused', { tenantId: body?.tenantId, error: err });
      return reply(403, { error: err.message, field: err.field });
    }
    throw err;
  }
});

function reply(statusCode: number, body: unknown): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}
