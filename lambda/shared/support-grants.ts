import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryTenantItems } from './tenant-listing';

/** One tenant's consent to support access, as stored in the support-grants table. */
export interface SupportGrant {
  readonly tenantId: string;
  readonly grantId: string;
  readonly grantedAt: string;
  /** Epoch seconds; the table's time-to-live attribute, so DynamoDB removes the grant after it. */
  readonly expiresAt: number;
  readonly revokedAt?: string;
}

/** Whether a grant allows access at `now`: not revoked and not yet expired. */
export function isActive(grant: SupportGrant, now: Date): boolean {
  return grant.revokedAt === undefined && grant.expiresAt * 1000 > now.getTime();
}

/**
 * Every grant of a tenant still in the table. Time-to-live deletes lag by up to two days, so
 * expired grants can still be listed here; `isActive` decides, never the table's presence.
 */
export async function grantsOf(ddb: DynamoDBDocumentClient, table: string, tenantId: string): Promise<SupportGrant[]> {
  const grants: SupportGrant[] = [];
  // Consistent, so a grant revoked a moment ago is never read as still active.
  for await (const grant of queryTenantItems<SupportGrant>(ddb, table, tenantId, true)) grants.push(grant);
  return grants;
}
