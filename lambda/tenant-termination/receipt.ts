import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { withBackoff } from '../shared/retry';
import { validateTenantId } from '../shared/tenant-id';
import type { ReceiptResult, TerminationState } from './contract';
import { mergeShards } from './purge-bucket';

export interface ReceiptDeps {
  readonly s3: S3Client;
  readonly receiptBucket: string;
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  readonly now?: () => Date;
}

const millis = (from?: string, to?: string) => (from && to ? Date.parse(to) - Date.parse(from) : undefined);

/**
 * Last step. After a clean verification of a real run it removes the tenant's registry entry
 * (the last record naming the tenant in a tenant-data store), then writes the receipt to the
 * audit-receipts bucket: counts per store, retained versions by reason, timings and what the
 * verification found. It holds the tenant id (a customer identifier) but no user name, e-mail
 * or object key. Written under the execution name, so a retried step overwrites, never duplicates.
 */
export async function writeReceipt(deps: ReceiptDeps, state: TerminationState): Promise<ReceiptResult> {
  const { plan, verification } = state;
  const tenantId = validateTenantId(plan.tenantId);
  let registry: 'deleted' | 'kept-dry-run' | 'kept-unverified' = 'kept-dry-run';
  if (!plan.dryRun) {
    registry = 'kept-unverified';
    if (verification.clean) {
      await withBackoff(() => deps.ddb.send(new DeleteCommand({ TableName: deps.registryTable, Key: { tenantId } })));
      const left = await deps.ddb.send(new GetCommand({ TableName: deps.registryTable, Key: { tenantId }, ConsistentRead: true }));
      if (left.Item) throw new Error(`registry entry of '${tenantId}' still present after delete`);
      registry = 'deleted';
    }
  }
  const finishedAt = (deps.now?.() ?? new Date()).toISOString();
  const receipt = {
    schema: 'steward.termination-receipt/1',
    promise: 'P-DELETE-ON-TERMINATION',
    tenantId,
    executionName: plan.executionName,
    dryRun: plan.dryRun,
    verified: verification.clean,
    startedAt: plan.startedAt,
    finishedAt,
    durationMs: millis(plan.startedAt, finishedAt),
    key: { ...state.key, stateAtVerification: verification.key.keyState },
    buckets: mergeShards(state.buckets).map((b) => ({
      bucket: b.target.bucket,
      region: b.target.region,
      dataClass: b.target.dataClass,
      ...b.totals,
      invocations: b.invocations,
      durationMs: millis(b.startedAt, b.finishedAt),
      remaining: verification.buckets.find((v) => v.bucket === b.target.bucket && v.region === b.target.region),
    })),
    tables: state.tables.map((t) => ({
      table: t.target.table,
      dataClass: t.target.dataClass,
      ...t.totals,
      invocations: t.invocations,
      durationMs: millis(t.startedAt, t.finishedAt),
      remaining: verification.tables.filter((v) => v.table === t.target.table).map(({ region, items }) => ({ region, items })),
    })),
    userPools: state.users.map((u) => ({
      userPoolId: u.target.userPoolId,
      region: u.target.region,
      ...u.totals,
      invocations: u.invocations,
      durationMs: millis(u.startedAt, u.finishedAt),
      remaining: verification.userPools.find((v) => v.userPoolId === u.target.userPoolId)?.users,
    })),
    registry,
    verifiedAt: verification.checkedAt,
  };
  const receiptKey = `terminations/${tenantId}/${plan.dryRun ? 'dry-run-' : ''}${plan.executionName}.json`;
  await withBackoff(() =>
    deps.s3.send(
      new PutObjectCommand({
        Bucket: deps.receiptBucket, Key: receiptKey, Body: JSON.stringify(receipt, null, 2), ContentType: 'application/json',
      }),
    ),
  );
  return { receiptBucket: deps.receiptBucket, receiptKey, verified: verification.clean, dryRun: plan.dryRun };
}
