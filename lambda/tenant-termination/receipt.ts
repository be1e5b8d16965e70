import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TOMBSTONE_STATUS } from '../shared/registered-tenant';
import { validateTenantId } from '../shared/tenant-id';
import type { ReceiptResult, TerminationState } from './contract';
import { mergeShards } from './purge-bucket';

export interface ReceiptDeps {
  readonly s3: S3Client;
  readonly receiptBucket: string;
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  /** Days the tables' point-in-time recovery keeps deleted items restorable (`termination.pitrRecoveryDays`). */
  readonly pitrRecoveryDays: number;
  readonly now?: () => Date;
}

const millis = (from?: string, to?: string) => (from && to ? Date.parse(to) - Date.parse(from) : undefined);
const DAY_MS = 24 * 60 * 60 * 1000;


/**
 * The date after which nothing the platform holds can bring the tenant's data back: the tenant
 * key's deletion date (until then an operator can cancel it) and the end of the tables'
 * point-in-time-recovery window, counted from the last delete, whichever is later.
 */
export function unrecoverableAfter(finishedAt: string, pitrRecoveryDays: number, keyDeletionDate?: string): string {
  const pitrEnds = Date.parse(finishedAt) + pitrRecoveryDays * DAY_MS;
  const keyGone = keyDeletionDate ? Date.parse(keyDeletionDate) : 0;
  return new Date(Math.max(pitrEnds, keyGone)).toISOString();
}

/**
 * Last step, on success and on failure alike. After a clean verification of a real run it
 * replaces the tenant's registry entry with a tombstone `{tenantId, status: "tombstone",
 * terminatedAt, receiptKey}` (no key ARN, no opt-ins), so the id can never be onboarded again and
 * a new tenant never meets what Object Lock still keeps of the old one. Then it writes the
 * receipt to the audit-receipts bucket: counts per store, versions S3 refused to delete by code,
 * what the fresh verification found (protected versions and leftovers with hashed keys), the
 * failure that stopped the run if one did, and the date after which no backup, PITR window or
 * pending key deletion can bring the data back. It holds the tenant id (a customer identifier)
 * but no user name, e-mail or object key. Written under the execution name, so a retried step
 * overwrites, never duplicates.
 */
export async function writeReceipt(deps: ReceiptDeps, state: TerminationState): Promise<ReceiptResult> {
  const { plan, verification, failure } = state;
  const tenantId = validateTenantId(plan.tenantId);
  const verified = !failure && verification?.clean === true;
  const receiptKey = `terminations/${tenantId}/${plan.dryRun ? 'dry-run-' : ''}${plan.executionName}.json`;
  const finishedAt = (deps.now?.() ?? new Date()).toISOString();
  let registry: 'tombstoned' | 'kept-dry-run' | 'kept-unverified' = 'kept-dry-run';
  if (!plan.dryRun) {
    registry = 'kept-unverified';
    if (verified) {
      await deps.ddb.send(new PutCommand({
        TableName: deps.registryTable,
        Item: { tenantId, status: TOMBSTONE_STATUS, terminatedAt: finishedAt, receiptKey },
      }));
      const left = await deps.ddb.send(new GetCommand({ TableName: deps.registryTable, Key: { tenantId }, ConsistentRead: true }));
      if (left.Item?.status !== TOMBSTONE_STATUS || 'tenantKeyArn' in left.Item) {
        throw new Error(`registry entry of '${tenantId}' is not a tombstone after the write`);
      }
      registry = 'tombstoned';
    }
  }
  const outcome = plan.dryRun ? 'dry-run' : failure ? 'failed' : verified ? 'terminated' : 'data-remains';
  const receipt = {
    schema: 'steward.termination-receipt/2',
    promise: 'P-DELETE-ON-TERMINATION',
    tenantId,
    executionName: plan.executionName,
    dryRun: plan.dryRun,
    outcome,
    verified,
    failure: failure ? { error: failure.error, cause: failure.cause } : undefined,
    startedAt: plan.startedAt,
    finishedAt,
    durationMs: millis(plan.startedAt, finishedAt),
    unrecoverableAfter:
      plan.dryRun || !state.key
        ? undefined
        : unrecoverableAfter(finishedAt, deps.pitrRecoveryDays, state.key.deletionDate ?? verification?.key.deletionDate),
    pitrRecoveryDays: deps.pitrRecoveryDays,
    key: state.key
      ? { ...state.key, stateAtVerification: verification?.key.keyState }
      : { stateAtVerification: verification?.key.keyState },
    buckets: mergeShards(state.buckets ?? []).map((b) => ({
      bucket: b.target.bucket,
      region: b.target.region,
      dataClass: b.target.dataClass,
      ...b.totals,
      invocations: b.invocations,
      durationMs: millis(b.startedAt, b.finishedAt),
    })),
    tables: (state.tables ?? []).map((t) => ({
      table: t.target.table,
      dataClass: t.target.dataClass,
      ...t.totals,
      invocations: t.invocations,
      durationMs: millis(t.startedAt, t.finishedAt),
    })),
    userPools: (state.users ?? []).map((u) => ({
      userPoolId: u.target.userPoolId,
      region: u.target.region,
      ...u.totals,
      invocations: u.invocations,
      durationMs: millis(u.startedAt, u.finishedAt),
    })),
    /** What the fresh listings found, store by store; absent when the run failed before or in the verification. */
    remaining: verification
      ? {
          buckets: verification.buckets,
          tables: verification.tables,
          userPools: verification.userPools,
          protectedVersions: verification.protectedVersions,
          leftovers: verification.leftovers,
        }
      : undefined,
    registry,
    verifiedAt: verification?.checkedAt,
  };
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.receiptBucket, Key: receiptKey, Body: JSON.stringify(receipt, null, 2), ContentType: 'application/json',
    }),
  );
  return { receiptBucket: deps.receiptBucket, receiptKey, verified, dryRun: plan.dryRun };
}
