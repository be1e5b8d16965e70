import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { InputError } from './input-error';
import { validateTenantId } from './tenant-id';

/** What the data-rights handlers read from a tenant-registry item. */
export interface RegisteredTenant {
  readonly tenantId: string;
  readonly status: string;
  /** Opt-in data classes the tenant chose (P-OPT-IN). */
  readonly optIns: ReadonlySet<string>;
  /** The tenant's own KMS key, when it has one. */
  readonly tenantKeyArn?: string;
}

/**
 * Registry status a verified termination leaves in place of the tenant's entry: the id stays
 * taken for good, and the entry holds nothing but the id, the date and the receipt's key.
 */
export const TOMBSTONE_STATUS = 'tombstone';

/** Registry states in which a tenant's data may no longer be read, written or exported. */
const CLOSED_STATUSES = new Set(['terminating', 'terminated', TOMBSTONE_STATUS]);

/**
 * Looks a tenant up in the tenant registry, refusing a malformed id, an unknown tenant and a
 * terminated one with an InputError naming `tenantId`, before any other call is made.
 * `optIns` may be stored as a string set, a list of class ids or a map of class id to boolean.
 */
export async function getRegisteredTenant(
  ddb: DynamoDBDocumentClient,
  registryTable: string,
  rawTenantId: unknown,
  field = 'tenantId',
): Promise<RegisteredTenant> {
  const tenantId = validateTenantId(rawTenantId, field);
  const { Item } = await ddb.send(new GetCommand({ TableName: registryTable, Key: { tenantId }, ConsistentRead: true }));
  if (!Item) throw new InputError(field, `no tenant '${tenantId}' in the tenant registry; nothing changed`);
  const status = typeof Item.status === 'string' ? Item.status : 'active';
  if (CLOSED_STATUSES.has(status)) {
    throw new InputError(field, `tenant '${tenantId}' is ${status}; nothing changed`);
  }
  return {
    tenantId,
    status,
    optIns: optInsOf(Item.optIns),
    tenantKeyArn: typeof Item.tenantKeyArn === 'string' ? Item.tenantKeyArn : undefined,
  };
}

function optInsOf(value: unknown): Set<string> {
  if (value instanceof Set || Array.isArray(value)) return new Set([...value].filter((v): v is string => typeof v === 'string'));
  if (value && typeof value === 'object') {
    return new Set(Object.entries(value).filter(([, on]) => on === true).map(([id]) => id));
  }
  return new Set();
}
