import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

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
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'tenantId = :t',
        ExpressionAttributeValues: { ':t': tenantId },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    grants.push(...((page.Items ?? []) as SupportGrant[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return grants;
}
