import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { sleep } from '../shared/retry';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';
import { tenantKeyAlias } from '../shared/tenant-key';
import { inventoryBucket } from './bucket-inventory';
import type { TerminationPlan, VerificationResult } from './contract';
import { countTenantUsers } from './portal-users';
import { describeTenantKey } from './shred-key';

export interface VerifyDeps {
  readonly s3: (region: string) => S3Client;
  readonly ddb: (region: string) => DynamoDBDocumentClient;
  readonly cognito: (region: string) => CognitoIdentityProviderClient;
  readonly kms: KMSClient;
  readonly aliasPrefix: string;
  /** Checks of a table replica that still shows items, waiting for replication of the deletes. @default 6 */
  readonly replicaChecks?: number;
  /** Wait between replica checks. @default 5000 */
  readonly replicaWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
}

/** Entries kept in each of the verification's lists; counts are always exact. */
export const LIST_LIMIT = 100;

/**
 * The proof, independent of what the purge steps reported: a fresh URL-encoded listing of every
 * declared bucket in both regions, the Object Lock state of every version found, a query of every
 * table in every region, a walk over every portal user reading `custom:tenantId` (and the tenant
 * group), and the key state. What the purges counted or refused plays no part in it.
 */
export async function verifyTermination(deps: VerifyDeps, state: { plan: TerminationPlan }): Promise<VerificationResult> {
  const { plan } = state;
  const tenantId = validateTenantId(plan.tenantId);
  const prefix = tenantPrefix(tenantId);
  const wait = deps.sleep ?? sleep;
  const now = deps.now?.() ?? new Date();

  const inventories = await Promise.all(
    plan.buckets.map((b) => inventoryBucket(deps.s3(b.region), { bucket: b.bucket, region: b.region, prefix, now, listLimit: LIST_LIMIT })),
  );
  const buckets = inventories.map(({ protected: _p, leftover: _l, leftoverCount, ...counts }) => ({ ...counts, leftover: leftoverCount }));
  const protectedVersions = inventories.flatMap((i) => i.protected).slice(0, LIST_LIMIT);
  const leftovers = inventories.flatMap((i) => i.leftover).slice(0, LIST_LIMIT);

  const tables: Array<{ table: string; region: string; items: number }> = [];
  for (const t of plan.tables) {
    for (const region of t.verifyRegions) {
      let items = await countItems(deps.ddb(region), t.table, tenantId, region === t.region);
      // Replicas receive the deletes asynchronously; give replication a bounded time.
      for (let check = 1; items > 0 && region !== t.region && !plan.dryRun && check < (deps.replicaChecks ?? 6); check++) {
        await wait(deps.replicaWaitMs ?? 5000);
        items = await countItems(deps.ddb(region), t.table, tenantId, false);
      }
      tables.push({ table: t.table, region, items });
    }
  }

  const userPools = await Promise.all(
    plan.userPools.map(async (p) => ({
      userPoolId: p.userPoolId,
      region: p.region,
      ...(await countTenantUsers(deps.cognito(p.region), p.userPoolId, tenantId)),
    })),
  );
  const key = await describeTenantKey(deps.kms, tenantKeyAlias(deps.aliasPrefix, tenantId));
  const keyState = key?.KeyState ?? 'absent';

  const clean =
    buckets.every((b) => b.leftover === 0 && b.versions === b.protectedVersions) &&
    tables.every((t) => t.items === 0) &&
    userPools.every((p) => p.users === 0 && p.groupMembers === 0 && p.unattributedUsers === 0) &&
    (keyState === 'PendingDeletion' || keyState === 'absent');
  return {
    clean, buckets, protectedVersions, leftovers, tables, userPools,
    key: { keyState, deletionDate: key?.DeletionDate?.toISOString() },
    checkedAt: now.toISOString(),
  };
}

async function countItems(ddb: DynamoDBDocumentClient, table: string, tenantId: string, consistent: boolean): Promise<number> {
  let count = 0;
  const pages = paginateQuery({ client: ddb }, {
    TableName: table, KeyConditionExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'tenantId' },
    ExpressionAttributeValues: { ':t': tenantId }, Select: 'COUNT', ConsistentRead: consistent,
  });
  for await (const page of pages) count += page.Count ?? 0;
  return count;
}
