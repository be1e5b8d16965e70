import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Creates a table keyed like the data stack's tenant tables: `tenantId`, plus an optional sort key. */
export async function createTenantTable(ddb: DynamoDBClient, tableName: string, sortKey?: string): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'tenantId', AttributeType: 'S' },
        ...(sortKey ? [{ AttributeName: sortKey, AttributeType: 'S' as const }] : []),
      ],
      KeySchema: [
        { AttributeName: 'tenantId', KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
      ],
    }),
  );
}
