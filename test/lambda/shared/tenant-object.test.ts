import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { putTenantObject } from '../../../lambda/shared/tenant-object';

const s3 = new S3Client({ region: 'eu-central-1' });
const mock = mockClient(s3);
const keyArn = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

beforeEach(() => mock.reset());

describe('putTenantObject', () => {
  test('writes under the tenant prefix with the tenant key and the tenant encryption context, bucket key off', async () => {
    mock.on(PutObjectCommand).resolves({ VersionId: 'v1' });
    const out = await putTenantObject(s3, {
      bucket: 'b',
      tenantId: 'acme',
      relativeKey: 'device-logs/a.json',
      tenantKeyArn: keyArn,
      body: '{}',
    });
    expect(out).toEqual({ key: 'tenants/acme/device-logs/a.json', versionId: 'v1' });
    const input = mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(input).toMatchObject({
      Key: 'tenants/acme/device-logs/a.json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      BucketKeyEnabled: false,
    });
    expect(JSON.parse(Buffer.from(input.SSEKMSEncryptionContext!, 'base64').toString())).toEqual({ tenantId: 'acme' });
  });

  test.each([
    [{ tenantId: 'Acme' }, /^tenantId: /],
    [{ relativeKey: '../acme-2/x' }, /^relativeKey: /],
    [{ relativeKey: '/x' }, /^relativeKey: /],
    [{ tenantKeyArn: 'alias/x' }, /^tenantKeyArn: /],
  ])('refuses %j and writes nothing', async (bad, message) => {
    await expect(
      putTenantObject(s3, { bucket: 'b', tenantId: 'acme', relativeKey: 'x', tenantKeyArn: keyArn, body: '{}', ...bad }),
    ).rejects.toThrow(message);
    expect(mock.calls()).toHaveLength(0);
  });
});
