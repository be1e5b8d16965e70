import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import type { StoreCatalog, TerminationState } from './contract';
import { deleteUsersStep, type DeleteUsersInput } from './delete-users';
import { planTermination } from './plan';
import { purgeBucketStep, type PurgeBucketInput } from './purge-bucket';
import { purgeTableStep, type PurgeTableInput } from './purge-table';
import { writeReceipt } from './receipt';
import { shredTenantKey } from './shred-key';
import { verifyTermination } from './verify';

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
const catalog = (): StoreCatalog => JSON.parse(requiredEnv('STORE_CATALOG')) as StoreCatalog;
const primary = () => requiredEnv('AWS_REGION');

export async function handler(event: never): Promise<unknown> {
  switch (STEP) {
    case 'plan':
      return planTermination({ ddb: ddb(primary()), registryTable: requiredEnv('REGISTRY_TABLE'), catalog: catalog() }, event);
    case 'shred-key':
      return shredTenantKey(
        { kms, aliasPrefix: requiredEnv('TENANT_KEY_ALIAS_PREFIX'), pendingWindowDays: Number(requiredEnv('KEY_DELETION_WINDOW_DAYS')) },
        event,
      );
    case 'purge-bucket':
      return purgeBucketStep({ s3, catalog: catalog(), maxPages: Number(requiredEnv('MAX_PAGES')), log }, event as PurgeBucketInput);
    case 'purge-table':
      return purgeTableStep({ ddb, catalog: catalog(), maxItems: Number(requiredEnv('MAX_ITEMS')), log }, event as PurgeTableInput);
    case 'delete-users':
      return deleteUsersStep({ cognito, catalog: catalog(), maxUsers: Number(requiredEnv('MAX_USERS')), log }, event as DeleteUsersInput);
    case 'verify':
      return verifyTermination({ s3, ddb, cognito, kms, aliasPrefix: requiredEnv('TENANT_KEY_ALIAS_PREFIX') }, event);
    case 'receipt':
      return writeReceipt(
        { s3: s3(primary()), receiptBucket: requiredEnv('RECEIPT_BUCKET'), ddb: ddb(primary()), registryTable: requiredEnv('REGISTRY_TABLE') },
        event as TerminationState,
      );
    default:
      throw new Error(`STEP: unknown step '${STEP}'`);
  }
}
