import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryTenantItems } from '../shared/tenant-listing';
import type { SubjectIdentifiers } from './subject';

/** A tenant-data table and the attributes of its items that can name a person. */
export interface PersonalTable {
  readonly table: string;
  /** Primary-key attributes, `tenantId` first. */
  readonly keyAttributes: readonly string[];
  readonly personalAttributes: readonly string[];
  /**
   * The table's point-in-time recovery period, during which earlier item states stay restorable.
   * @default 35 (DynamoDB's default)
   */
  readonly pointInTimeRecoveryDays?: number;
}

export interface MatchedItem {
  readonly key: Record<string, unknown>;
  /** The personal attributes that name the subject, with their values. */
  readonly attributes: Record<string, unknown>;
  readonly item: Record<string, unknown>;
}

/** The tenant's items in which a personal attribute names the subject. */
export async function findItems(
  ddb: DynamoDBDocumentClient,
  spec: PersonalTable,
  tenantId: string,
  subject: SubjectIdentifiers,
): Promise<MatchedItem[]> {
  const matched: MatchedItem[] = [];
  for await (const item of queryTenantItems(ddb, spec.table, tenantId)) {
    const attributes = Object.fromEntries(
      spec.personalAttributes.filter((a) => subject.matchesAny([item[a]])).map((a) => [a, item[a]]),
    );
    if (Object.keys(attributes).length === 0) continue;
    matched.push({ key: Object.fromEntries(spec.keyAttributes.map((k) => [k, item[k]])), attributes, item });
  }
  return matched;
}

/**
 * Removes the subject's attributes from an item and leaves the rest (a device stays in the
 * inventory, without the person). The condition makes a concurrent change fail rather than lose.
 */
export async function redactItem(ddb: DynamoDBDocumentClient, spec: PersonalTable, match: MatchedItem): Promise<void> {
  const names = Object.keys(match.attributes);
  await ddb.send(
    new UpdateCommand({
      TableName: spec.table,
      Key: match.key,
      UpdateExpression: `REMOVE ${names.map((_, i) => `#a${i}`).join(', ')}`,
      ConditionExpression: names.map((_, i) => `#a${i} = :v${i}`).join(' AND '),
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, match.attributes[n]])),
    }),
  );
}
