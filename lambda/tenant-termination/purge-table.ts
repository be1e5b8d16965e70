import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InputError } from '../shared/input-error';
import type { Logger } from '../shared/logger';
import { type BackoffOptions, backoffDelay, sleep } from '../shared/retry';
import { validateTenantId } from '../shared/tenant-id';
import type { PurgeTableState, StoreCatalog } from './contract';
import { declaredTable } from './targets';

export interface PurgeTableDeps {
  readonly ddb: (region: string) => DynamoDBDocumentClient;
  readonly catalog: StoreCatalog;
  /** Items deleted per invocation before it returns. */
  readonly maxItems: number;
  readonly backoff?: BackoffOptions;
  readonly log: Logger;
  readonly now?: () => Date;
}

export type PurgeTableInput = Pick<PurgeTableState, 'tenantId' | 'dryRun' | 'target'> & Partial<PurgeTableState>;

/** DynamoDB's limit of requests in one BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;

/**
 * One bounded slice of a table's purge: queries the tenant's partition (consistent reads, keys
 * only) and deletes what it finds in batches of 25, retrying unprocessed items with backoff.
 * Deleted items no longer appear, so every slice starts from the top of the partition and no
 * checkpoint is needed; the slice is `done` when the partition is empty. Global-table replicas
 * receive the deletes through replication; the Verify step checks them.
 */
export async function purgeTableStep(deps: PurgeTableDeps, input: PurgeTableInput): Promise<PurgeTableState> {
  const tenantId = validateTenantId(input.tenantId);
  const target = declaredTable(deps.catalog, input.target);
  const ddb = deps.ddb(target.region);
  const keyAttributes = ['tenantId', ...(target.sortKey ? [target.sortKey] : [])];
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const totals = { deletedItems: 0, wouldDelete: 0, ...input.totals };
  let deleted = 0;
  let wouldDelete = 0;
  let done = false;
  let startKey: Record<string, unknown> | undefined;
  while (deleted < deps.maxItems) {
    const page = await ddb.send(
      new QueryCommand({
        TableName: target.table,
        KeyConditionExpression: '#t = :t',
        ExpressionAttributeNames: Object.fromEntries(keyAttributes.map((a, i) => [`#k${i}`, a]).concat([['#t', 'tenantId']])),
        ExpressionAttributeValues: { ':t': tenantId },
        ProjectionExpression: keyAttributes.map((_, i) => `#k${i}`).join(', '),
        ConsistentRead: true,
        Limit: Math.min(500, deps.maxItems - deleted),
        ExclusiveStartKey: input.dryRun ? startKey : undefined,
      }),
    );
    const items = page.Items ?? [];
    for (const item of items) {
      if (item.tenantId !== tenantId) throw new Error(`query of ${target.table} returned an item of another tenant; nothing deleted`);
    }
    if (input.dryRun) {
      wouldDelete += items.length;
      startKey = page.LastEvaluatedKey;
      if (!startKey) {
        done = true;
        break;
      }
      continue;
    }
    if (items.length === 0) {
      done = true;
      break;
    }
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
      const keys = items.slice(i, i + BATCH_WRITE_LIMIT).map((item) => Object.fromEntries(keyAttributes.map((a) => [a, item[a]])));
      await batchDelete(ddb, target.table, keys, deps.backoff);
      deleted += keys.length;
    }
  }
  deps.log.info('table slice purged', { tenantId, table: target.table, deleted, wouldDelete, done, dryRun: input.dryRun });
  return {
    tenantId,
    dryRun: input.dryRun,
    target,
    done,
    invocations: (input.invocations ?? 0) + 1,
    totals: { deletedItems: totals.deletedItems + deleted, wouldDelete: totals.wouldDelete + wouldDelete },
    startedAt: input.startedAt ?? now(),
    finishedAt: done ? now() : undefined,
  };
}

/** Deletes up to 25 items, resubmitting unprocessed ones with backoff until none remain. */
export async function batchDelete(
  ddb: DynamoDBDocumentClient,
  table: string,
  keys: ReadonlyArray<Record<string, unknown>>,
  backoff: BackoffOptions = {},
): Promise<void> {
  if (keys.length > BATCH_WRITE_LIMIT) throw new InputError('keys', `at most ${BATCH_WRITE_LIMIT} per batch, got ${keys.length}`);
  const attempts = backoff.attempts ?? 8;
  const wait = backoff.sleep ?? sleep;
  let requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 1; requests.length > 0; attempt++) {
    // The SDK retries a throttled request; items DynamoDB left unprocessed come back in a success, so they are resubmitted here.
    const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    if (requests.length === 0) return;
    if (attempt >= attempts)
      throw Object.assign(new Error(`${requests.length} item(s) of ${table} still unprocessed after ${attempts} attempts`), {
        name: 'UnprocessedItemsError',
      });
    await wait(backoffDelay(attempt, backoff));
  }
}
