import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { InputError } from '../shared/input-error';
import { validateTenantId } from '../shared/tenant-id';
import type { StoreCatalog, TerminationPlan } from './contract';
import { TOMBSTONE_STATUS } from '../shared/registered-tenant';

export interface PlanDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  readonly catalog: StoreCatalog;
  readonly now?: () => Date;
}

/** Checks the start input; throws an InputError naming the field before anything is touched. */
export function parseTerminationInput(raw: unknown): { tenantId: string; dryRun: boolean } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError('(input)', 'must be an object like {"tenantId": "acme"}');
  }
  const input = raw as Record<string, unknown>;
  const tenantId = validateTenantId(input.tenantId, 'tenantId');
  if (input.dryRun !== undefined && typeof input.dryRun !== 'boolean') {
    throw new InputError('dryRun', `must be true or false, got ${JSON.stringify(input.dryRun)}`);
  }
  const unknown = Object.keys(input).filter((k) => k !== 'tenantId' && k !== 'dryRun');
  if (unknown.length > 0) throw new InputError(unknown[0], 'is not an input of the termination workflow (tenantId, dryRun)');
  return { tenantId, dryRun: input.dryRun === true };
}

/**
 * First step: validates the input, refuses a tenant that is still active (a real run needs the
 * registry to say `terminated`, so a typo cannot erase a live tenant) and lays out every store.
 */
export async function planTermination(deps: PlanDeps, raw: { input: unknown; executionName: string }): Promise<TerminationPlan> {
  const { tenantId, dryRun } = parseTerminationInput(raw.input);
  const item = await deps.ddb.send(
    new GetCommand({
      TableName: deps.registryTable,
      Key: { tenantId },
      ConsistentRead: true,
      ProjectionExpression: '#s',
      ExpressionAttributeNames: { '#s': 'status' },
    }),
  );
  const recorded = item.Item?.status;
  const status = !item.Item ? 'absent' : recorded === 'terminated' || recorded === TOMBSTONE_STATUS ? recorded : 'active';
  if (status === 'active' && !dryRun) {
    throw new InputError('tenantId', `tenant '${tenantId}' is not marked terminated in the registry; nothing deleted`);
  }
  return {
    tenantId,
    dryRun,
    executionName: raw.executionName,
    startedAt: (deps.now?.() ?? new Date()).toISOString(),
    registryStatus: status,
    buckets: deps.catalog.buckets,
    tables: deps.catalog.tables,
    userPools: deps.catalog.userPools,
  };
}
