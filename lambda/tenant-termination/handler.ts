import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { kmsEnvelopeSealer } from '../shared/kms-sealer';
import { handlerLogger, type LambdaContext, withLambdaContext } from '../shared/logger';
import { tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import type { StoreCatalog } from './contract';
import { deleteUsersStep } from './delete-users';
import { planTermination } from './plan';
import { planPurge } from './plan-purge';
import { purgeBucketStep } from './purge-bucket';
import { purgeTableStep } from './purge-table';
import { writeReceipt } from './receipt';
import { shredTenantKey } from './shred-key';
import { verifyTermination } from './verify';
import { ENV } from '../../lib/vocabulary';

/**
 * One bundle for every step; each function is deployed with its own role and `STEP`, so the
 * step is chosen by the deployment, never by the event, and a role never runs another step.
 */
const STEP = requiredEnv(ENV.terminationStep);
const log = handlerLogger('tenant-termination', { step: STEP });

function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const cache = new Map<string, T>();
  return (region) => {
    if (!cache.has(region)) cache.set(region, make(region));
    return cache.get(region)!;
  };
}

const s3 = perRegion((region) => sdkClient(S3Client, { region }));
const cognito = perRegion((region) => sdkClient(CognitoIdentityProviderClient, { region }));
const catalog = (): StoreCatalog => JSON.parse(requiredEnv(ENV.storeCatalog)) as StoreCatalog;
const primary = () => requiredEnv('AWS_REGION');
// Checkpoints are sealed with the log key by the function's own role: no tenant key is involved.
const sealer = () => kmsEnvelopeSealer(sdkClient(KMSClient, {}), requiredEnv(ENV.checkpointKeyArn));

/**
 * Every step but delete-users reaches the tenant's stores and key in a session tagged with the
 * tenant of the request (the step's TenantSessionRole), so IAM keeps it to that tenant's prefix,
 * partition and key whatever the core asks for. Cognito offers no such scope: delete-users, and
 * verify's user count, use the function's own role.
 */
const makeSessions = () => tenantScoped(
  { sts: sdkClient(STSClient, {}), roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: STEP },
  (credentials) => ({
    s3: perRegion((region) => sdkClient(S3Client, { region, credentials })),
    ddb: perRegion((region) => DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { region, credentials }))),
    kms: sdkClient(KMSClient, { credentials }),
  }),
);
let sessions: ReturnType<typeof makeSessions> | undefined;
function sessionOf(tenantId: unknown): ReturnType<ReturnType<typeof makeSessions>> {
  sessions ??= makeSessions();
  return sessions(tenantId);
}

/** Where each step's input names the tenant (see docs/termination.md). */
function tenantOfStep(event: unknown): unknown {
  const e = (event ?? {}) as { tenantId?: unknown; input?: { tenantId?: unknown }; plan?: { tenantId?: unknown } };
  if (STEP === 'plan') return e.input?.tenantId;
  if (STEP === 'verify' || STEP === 'receipt') return e.plan?.tenantId;
  return e.tenantId;
}

/** The state machine passes each step the input documented in docs/termination.md; the cores validate it. */
type StepInput<F extends (deps: never, input: never) => unknown> = Parameters<F>[1];

/** Time a purge slice leaves itself to confirm its last deletes and return before the Lambda timeout. */
const SLICE_MARGIN_MS = 60_000;

export const handler = withLambdaContext(log, async (event: unknown, context?: LambdaContext): Promise<unknown> => {
  if (STEP === 'delete-users') {
    const deps = { cognito, catalog: catalog(), maxUsers: Number(requiredEnv(ENV.maxUsers)), log };
    return deleteUsersStep(deps, event as StepInput<typeof deleteUsersStep>);
  }
  const session = sessionOf(tenantOfStep(event));
  switch (STEP) {
    case 'plan':
      return planTermination(
        { ddb: session.ddb(primary()), registryTable: requiredEnv(ENV.registryTable), catalog: catalog() },
        event as StepInput<typeof planTermination>,
      );
    case 'shred-key':
      return shredTenantKey(
        {
          kms: session.kms,
          aliasPrefix: requiredEnv(ENV.tenantKeyAliasPrefix),
          pendingWindowDays: Number(requiredEnv(ENV.keyDeletionWindowDays)),
        },
        event as StepInput<typeof shredTenantKey>,
      );
    case 'plan-purge':
      return planPurge(
        { s3: session.s3, catalog: catalog(), sealer: sealer(), shardsPerBucket: Number(requiredEnv(ENV.shardsPerBucket)),
          purgeConcurrency: Number(requiredEnv(ENV.purgeConcurrency)) },
        event as StepInput<typeof planPurge>,
      );
    case 'purge-bucket':
      return purgeBucketStep({
        s3: session.s3,
        catalog: catalog(),
        maxPages: Number(requiredEnv(ENV.maxPages)),
        listers: Number(requiredEnv(ENV.listers)),
        sealer: sealer(),
        log,
        timeBudgetMs: context ? () => Math.max(10_000, context.getRemainingTimeInMillis() - SLICE_MARGIN_MS) : undefined,
      }, event as StepInput<typeof purgeBucketStep>);
    case 'purge-table':
      return purgeTableStep(
        { ddb: session.ddb, catalog: catalog(), maxItems: Number(requiredEnv(ENV.maxItems)), log },
        event as StepInput<typeof purgeTableStep>,
      );
    case 'verify':
      return verifyTermination(
        { s3: session.s3, ddb: session.ddb, cognito, kms: session.kms, aliasPrefix: requiredEnv(ENV.tenantKeyAliasPrefix) },
        event as StepInput<typeof verifyTermination>,
      );
    case 'receipt':
      return writeReceipt(
        {
          s3: s3(primary()),
          receiptBucket: requiredEnv(ENV.receiptBucket),
          ddb: session.ddb(primary()),
          registryTable: requiredEnv(ENV.registryTable),
          pitrRecoveryDays: Number(requiredEnv(ENV.pitrRecoveryDays)) },
        event as StepInput<typeof writeReceipt>,
      );
    default:
      throw new Error(`STEP: unknown step '${STEP}'`);
  }
});
