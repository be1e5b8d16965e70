import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { writeOptInObject } from '../../../lambda/opt-in-writer/core';
import { useMoto } from '../../support/moto';
import { bucketText, createTenantTable, documentClient, registerTenants } from '../data-rights/fixtures';
import { createVersionedBucket } from '../../support/s3-fixtures';

const moto = useMoto();
let s3: S3Client;
let ddb: DynamoDBClient;
let kms: KMSClient;
let keyArn: string;

beforeAll(async () => {
  s3 = new S3Client(moto.clientConfig());
  ddb = new DynamoDBClient(moto.clientConfig());
  kms = new KMSClient(moto.clientConfig());
});
afterAll(async () => {
  for (const c of [s3, ddb, kms]) c?.destroy();
});
beforeEach(async () => {
  await moto.reset();
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  await createVersionedBucket(s3, 'backups');
  await createVersionedBucket(s3, 'templates');
  await createTenantTable(ddb, 'registry');
  await registerTenants(documentClient(ddb), 'registry', [
    { tenantId: 'acme', status: 'active', optIns: new Set(['config-backups']), tenantKeyArn: keyArn },
    { tenantId: 'plain', status: 'active', tenantKeyArn: keyArn },
  ]);
});

const deps = () => ({
  s3, ddb: documentClient(ddb), registryTable: 'registry',
  buckets: { 'config-backups': 'backups', 'provisioning-templates': 'templates' },
});
const body = Buffer.from('{"hostname":"fw-1"}').toString('base64');

describe('the opt-in writer on a real S3, DynamoDB and KMS API (moto) (P-OPT-IN)', () => {
  test('writes for a tenant that opted in, under its prefix, with its own key', async () => {
    const out = await writeOptInObject(deps(), {
      tenantId: 'acme',
      dataClass: 'config-backups',
      key: 'fw-1/2026-11-26.json',
      bodyBase64: body,
      contentType: 'application/json',
    });
    expect(out.key).toBe('tenants/acme/fw-1/2026-11-26.json');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'backups', Key: out.key }));
    expect(head.SSEKMSKeyId).toBe(keyArn);
    expect(await bucketText(s3, 'backups')).toEqual({ 'tenants/acme/fw-1/2026-11-26.json': '{"hostname":"fw-1"}' });
  });

  test.each([
    [
      { tenantId: 'acme', dataClass: 'provisioning-templates', key: 't.json', bodyBase64: body },
      /^dataClass: tenant 'acme' has not opted in to 'provisioning-templates'; nothing written$/,
    ],
    [{ tenantId: 'plain', dataClass: 'config-backups', key: 'b.json', bodyBase64: body }, /^dataClass: tenant 'plain' has not opted in/],
    [{ tenantId: 'acme', dataClass: 'access-logs', key: 'b.json', bodyBase64: body }, /^dataClass: must be an opt-in data class/],
    [{ tenantId: 'nobody', dataClass: 'config-backups', key: 'b.json', bodyBase64: body }, /^tenantId: no tenant 'nobody'/],
    [{ tenantId: 'acme', dataClass: 'config-backups', key: '../acme-2/b.json', bodyBase64: body }, /^relativeKey: /],
    [{ tenantId: 'acme', dataClass: 'config-backups', key: 'b.json', bodyBase64: 'not base64!' }, /^bodyBase64: /],
  ])('refuses %j naming the field and writes nothing', async (request, message) => {
    await expect(writeOptInObject(deps(), request)).rejects.toThrow(message);
    expect(await bucketText(s3, 'backups')).toEqual({});
    expect(await bucketText(s3, 'templates')).toEqual({});
  });
});
