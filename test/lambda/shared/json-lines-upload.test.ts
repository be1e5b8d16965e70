import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { writeJsonLines } from '../../../lambda/shared/json-lines-upload';

const s3 = new S3Client({ region: 'eu-central-1' });
const mock = mockClient(s3);
const params = { bucket: 'exports', key: 'tenants/acme/exports/e1.jsonl', kmsKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/k', partBytes: 20 };

beforeEach(() => {
  mock.reset();
  mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
  mock.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `e${input.PartNumber}` }));
});

describe('writeJsonLines', () => {
  test('uploads a part whenever partBytes have gathered, so memory stays at one part', async () => {
    const out = await writeJsonLines(s3, params, async (u) => {
      for (let i = 0; i < 5; i++) await u.write({ line: i, pad: 'xxxxxxxx' });
    });
    expect(out).toEqual({ lines: 5, parts: 5 });
    expect(mock.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input.MultipartUpload?.Parts).toHaveLength(5);
    const created = mock.commandCalls(CreateMultipartUploadCommand)[0].args[0].input;
    expect(created).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: params.kmsKeyArn });
  });

  test('binds a tenant archive to the tenant encryption context, without a bucket key', async () => {
    await writeJsonLines(s3, { ...params, encryptionContext: { tenantId: 'acme' } }, async (u) => u.write({}));
    const created = mock.commandCalls(CreateMultipartUploadCommand)[0].args[0].input;
    expect(JSON.parse(Buffer.from(created.SSEKMSEncryptionContext!, 'base64').toString())).toEqual({ tenantId: 'acme' });
    expect(created.BucketKeyEnabled).toBe(false);
  });

  test('aborts the upload when filling fails, so no parts linger', async () => {
    await expect(
      writeJsonLines(s3, params, async (u) => {
        await u.write({ a: 'xxxxxxxxxxxxxxxxxxxx' });
        throw new Error('source unreadable');
      }),
    ).rejects.toThrow('source unreadable');
    expect(mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
