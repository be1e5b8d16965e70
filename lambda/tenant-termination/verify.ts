import { type CognitoIdentityProviderClient, ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sleep, withBackoff } from '../shared/retry';
import { countUnderPrefix } from '../shared/s3-versions';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';
import { tenantKeyAlias } from '../shared/tenant-key';
import { tenantGroupName, type TerminationState, type VerificationResult } from './contract';
import { describeTenantKey } from './shred-key';
import { mergeShards } from './purge-bucket';

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

/**
 * The proof: lists every store again, in every region, and counts what is left of the tenant.
 * Clean means no item, user, upload or delete marker remains and the only versions left are
 * those S3 refused to delete with a stated reason (object lock, legal hold), which the receipt
 * lists by reason; and the tenant key is pending deletion (or gone).
 */
export async function verifyTermination(
  deps: VerifyDeps,
  state: Pick<TerminationState, 'plan' | 'buckets'>,
): Promise<VerificationResult> {
  const { plan } = state;
  const tenantId = validateTenantId(plan.tenantId);
  const prefix = tenantPrefix(tenantId);
  const wait = deps.sleep ?? sleep;

  const buckets = await Promise.all(
    plan.buckets.map(async (b) => {
      const left = await countUnderPrefix(deps.s3(b.region), { bucket: b.bucket, prefix });
      const purged = mergeShards(state.buckets).find((p) => p.target.bucket === b.bucket && p.target.region === b.region);
      const retainedExpected = Object.values(purged?.totals.retained ?? {}).reduce((a, n) => a + n, 0);
      return { bucket: b.bucket, region: b.region, ...left, retainedExpected };
    }),
  );

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
    plan.userPools.map(async (p) => ({ userPoolId: p.userPoolId, region: p.region, users: await countGroupUsers(deps.cognito(p.region), p.userPoolId, tenantId) })),
  );
  const key = await describeTenantKey(deps.kms, tenantKeyAlias(deps.aliasPrefix, tenantId));
  const keyState = key?.KeyState ?? 'absent';

  const clean =
    buckets.every((b) => b.uploads === 0 && b.deleteMarkers === 0 && b.versions === b.retainedExpected) &&
    tables.every((t) => t.items === 0) &&
    userPools.every((p) => p.users === 0) &&
    (keyState === 'PendingDeletion' || keyState === 'absent');
  return { clean, buckets, tables, userPools, key: { keyState }, checkedAt: (deps.now?.() ?? new Date()).toISOString() };
}

async function countItems(ddb: DynamoDBDocumentClient, table: string, tenantId: string, consistent: boolean): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await withBackoff(() =>
      ddb.send(
        new QueryCommand({
          TableName: table, KeyConditionExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'tenantId' },
          ExpressionAttributeValues: { ':t': tenantId }, Select: 'COUNT', ConsistentRead: consistent, ExclusiveStartKey: startKey,
        }),
      ),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function countGroupUsers(cognito: CognitoIdentityProviderClient, userPoolId: string, tenantId: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  try {
    do {
      const page = await withBackoff(() =>
        cognito.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: tenantGroupName(tenantId), NextToken: token })),
      );
      count += page.Users?.length ?? 0;
      token = page.NextToken;
    } while (token);
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
  }
  return count;
}
