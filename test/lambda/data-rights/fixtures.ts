import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord, AuditSink } from '../../../lambda/shared/audit-record';

export { createTenantTable } from '../../support/dynamodb-fixtures';

/** An audit sink that keeps records in memory, for asserting what was audited. */
export function memoryAudit(): AuditSink & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  const sink = async (r: AuditRecord) => {
    records.push(r);
    return `audit/${records.length}`;
  };
  return Object.assign(sink, { records });
}

/** Registers tenants in a registry table. */
export async function registerTenants(doc: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]): Promise<void> {
  for (const item of items) await doc.send(new PutCommand({ TableName: table, Item: item }));
}

export function documentClient(ddb: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
}

/** Every current object of a bucket with its text. */
export async function bucketText(s3: S3Client, bucket: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  for (const o of page.Contents ?? []) {
    const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
    out[o.Key as string] = await obj.Body!.transformToString();
  }
  return out;
}
