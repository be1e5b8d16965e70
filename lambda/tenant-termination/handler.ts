import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { kmsEnvelopeSealer } from '../shared/kms-sealer';
import { createLogger } from '../shared/logger';
import { tenantCredentials } from '../shared/tenant-session';
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
const STEP = requiredEnv('STEP');
const log = createLogger({ handler: 'tenant-termination', step: STEP });

function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const cache = new Map<string, T>();
  return (region) => {
    if (!cache.has(region)) cache.set(region, make(region));
    return cache.get(region)!;
  };
}

const s3 = perRegion((region) => new S3Client({ region }));
const ddb = perRegion((region) => DynamoDBDocumentClient.from(new DynamoDBClient({ region })));
const cognito = perRegion((region) => new CognitoIdentityProviderClient({ region }));
const kms = new KMSClient({});
const catalog = (): StoreCatalog => JSON.parse(requiredEnv(ENV.storeCatalog)) as StoreCatalog;
const primary = () => requiredEnv('AWS_REGION');
const sealer = () => kmsEnvelopeSealer(kms, requiredEnv('CHECKPOINT_KEY_ARN'));

/**
 * The shred step's key client works in a session tagged with the tenant of the request, so IAM
 * lets it end that tenant's key only, whatever key the core asks for.
 */
function tenantKms(event: unknown): KMSClient {
  const tenantId = (event as { tenantId?: unknown } | null)?.tenantId;
  const session = { sts: new STSClient({}), roleArn: requiredEnv('TENANT_SESSION_ROLE_ARN'), purpose: 'shred-key' };
  return new KMSClient({ credentials: tenantCredentials(session, tenantId) });
}

/** The state machine passes each step the input documented in docs/termination.md; the cores validate it. */
type StepInput<F extends (deps: never, input: never) => unknown> = Parameters<F>[1];

/** Time a purge slice leaves itself to confirm its last deletes and return before the Lambda timeout. */
const SLICE_MARGIN_MS = 60_000;

export async function handler(event: unknown, context?: { getRemainingTimeInMillis(): number }): Promise<unknown> {
  switch (STEP) {
    case 'plan':
      return planTermination(
        { ddb: ddb(primary()), registryTable: requiredEnv('REGISTRY_TABLE'), catalog: catalog() },
        event as StepInput<typeof planTermination>,
      );
    case 'shred-key':
      return shredTenantKey(
        {
          kms: tenantKms(event),
          aliasPrefix: requiredEnv(ENV.tenantKeyAliasPrefix),
          pendingWindowDays: Number(requiredEnv(ENV.keyDeletionWindowDays)),
        },
        event as StepInput<typeof shredTenantKey>,
      );
    case 'plan-purge':
      return planPurge(
        { s3, catalog: catalog(), sealer: sealer(), shardsPerBucket: Number(requiredEnv('SHARDS_PER_BUCKET')) },
        event as StepInput<typeof planPurge>,
      );
    case 'purge-bucket':
      return purgeBucketStep({
        s3, catalog: catalog(), maxPages: Number(requiredEnv('MAX_PAGES')), listers: Number(requiredEnv('LISTERS')), sealer: sealer(), log,
        timeBudgetMs: context ? () => Math.max(10_000, context.getRemainingTimeInMillis() - SLICE_MARGIN_MS) : undefined,
      }, event as StepInput<typeof purgeBucketStep>);
    case 'purge-table':
      return purgeTableStep(
        { ddb, catalog: catalog(), maxItems: Number(requiredEnv('MAX_ITEMS')), log },
        event as StepInput<typeof purgeTableStep>,
      );
    case 'delete-users':
      return deleteUsersStep(
        { cognito, catalog: catalog(), maxUsers: Number(requiredEnv('MAX_USERS')), log },
        event as StepInput<typeof deleteUsersStep>,
      );
    case 'verify':
      return verifyTermination(
        { s3, ddb, cognito, kms, aliasPrefix: requiredEnv(ENV.tenantKeyAliasPrefix) },
        event as StepInput<typeof verifyTermination>,
      );
    case 'receipt':
      return writeReceipt(
        {
          s3: s3(primary()),
          receiptBucket: requiredEnv('RECEIPT_BUCKET'),
          ddb: ddb(primary()),
          registryTable: requiredEnv('REGISTRY_TABLE'),
          pitrRecoveryDays: Number(requiredEnv('PITR_RECOVERY_DAYS')),
        },
        event as StepInput<typeof writeReceipt>,
      );
    default:
      throw new Error(`STEP: unknown step '${STEP}'`);
  }
}
