import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { exportTenant } from '../../../lambda/tenant-export/core';
import { s3Presigner } from '../../../lambda/shared/presign';
import { startMoto, type MotoServer } from '../../support/moto';
import { bucketText, createTenantTable, documentClient, memoryAudit, registerTenants } from '../data-rights/fixtures';
import { createVersionedBucket } from '../../support/s3-fixtures';

let moto: MotoServer;
let s3: S3Client;
let ddb: DynamoDBClient;
let kms: KMSClient;
let classKey: string;
let tenantKey: string;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client(moto.clientConfig());
  ddb = new DynamoDBClient(moto.clientConfig());
  kms = new KMSClient(moto.clientConfig());
});
afterAll(async () => {
  for (const c of [s3, ddb, kms]) c?.destroy();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  classKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  tenantKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  for (const b of ['backups', 'logs', 'exports']) await createVersionedBucket(s3, b);
  await createTenantTable(ddb, 'registry');
  await createTenantTable(ddb, 'devices', 'deviceId');
  const doc = documentClient(ddb);
  await registerTenants(doc, 'registry', [
    { tenantId: 'acme', status: 'active', tenantKeyArn: tenantKey },
    { tenantId: 'acme-2', status: 'active' },
  ]);
  await doc.send(new PutCommand({ TableName: 'devices', Item: { tenantId: 'acme', deviceId: 'fw-1', siteName: 'HQ' } }));
  await doc.send(new PutCommand({ TableName: 'devices', Item: { tenantId: 'acme-2', deviceId: 'fw-9', siteName: 'Other' } }));
  await s3.send(new PutObjectCommand({ Bucket: 'backups', Key: 'tenants/acme/fw-1.json', Body: '{"config":1}' }));
  await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: 'tenants/acme/2026/11/25/a.jsonl', Body: 'x'.repeat(2500) }));
  await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: 'tenants/acme-2/2026/11/25/a.jsonl', Body: '{"other":true}' }));
});

function deps(audit = memoryAudit()) {
  return {
    s3, ddb: documentClient(ddb), registryTable: 'registry',
    buckets: { 'config-backups': 'backups', 'access-logs': 'logs' },
    tables: { 'tenant-registry': 'registry', 'device-metadata': 'devices' },
    destination: { bucket: 'exports', classKeyArn: classKey, urlSeconds: 900 },
    presign: s3Presigner(s3), audit, newId: () => 'e1', now: () => new Date('2026-11-26T08:00:00Z'),
  };
}

/** Reassembles the archive's objects from their base64 chunks. */
function objectsOf(lines: Record<string, unknown>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines.filter((x) => x.kind === 'object')) {
    out[l.key as string] = (out[l.key as string] ?? '') + Buffer.from(l.bodyBase64 as string, 'base64').toString('utf8');
  }
  return out;
}

describe('tenant export on a real S3, DynamoDB and KMS API (moto) (P-PORTABILITY)', () => {
  test('archives only the tenant’s objects and items, encrypted with its key, with a presigned link of 15 minutes', async () => {
    const audit = memoryAudit();
    const result = await exportTenant(deps(audit), { tenantId: 'acme' });

    expect(result.key).toBe('tenants/acme/exports/2026-11-26/e1.jsonl');
    expect(result.counts).toMatchObject({ objects: 2, items: 2 });
    expect(result.urlExpiresAt).toBe('2026-11-26T08:15:00.000Z');
    expect(new URL(result.url).searchParams.get('X-Amz-Expires')).toBe('900');
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: result.key }))).SSEKMSKeyId).toBe(tenantKey);

    const lines = (await bucketText(s3, 'exports'))[result.key].trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ kind: 'export', tenantId: 'acme', exportId: 'e1' });
    expect(lines.at(-1)).toEqual({ kind: 'end', objects: 2, items: 2 });
    expect(objectsOf(lines)).toEqual({ 'fw-1.json': '{"config":1}', '2026/11/25/a.jsonl': 'x'.repeat(2500) });
    expect(lines.filter((l) => l.kind === 'item').map((l) => l.item)).toEqual([
      { tenantId: 'acme', status: 'active', tenantKeyArn: tenantKey },
      { tenantId: 'acme', deviceId: 'fw-1', siteName: 'HQ' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('acme-2');
    expect(audit.records).toEqual([expect.objectContaining({ operation: 'tenant-export', tenantId: 'acme', outcome: 'done' })]);
  });

  test('a tenant without its own key gets the exports class key', async () => {
    const result = await exportTenant(deps(), { tenantId: 'acme-2' });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: result.key }))).SSEKMSKeyId).toBe(classKey);
  });

  test('refuses an unknown tenant naming the field, writes nothing and leaves no upload behind', async () => {
    await expect(exportTenant(deps(), { tenantId: 'nobody' })).rejects.toThrow(/^tenantId: no tenant 'nobody'/);
    expect(await bucketText(s3, 'exports')).toEqual({});
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'exports' }))).Uploads ?? []).toEqual([]);
  });
});
