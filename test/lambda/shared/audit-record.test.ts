import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { s3AuditSink } from '../../../lambda/shared/audit-record';

const s3 = new S3Client({ region: 'eu-central-1' });
const mock = mockClient(s3);
beforeEach(() => mock.reset());

const record = {
  operation: 'log-purge',
  tenantId: 'acme',
  outcome: 'done',
  startedAt: '2026-11-26T08:00:00.000Z',
  finishedAt: '2026-11-26T08:00:05.000Z',
};

describe('s3AuditSink', () => {
  test('writes one JSON record under data-rights/<operation>/<tenant>/<day>/', async () => {
    const key = await s3AuditSink(s3, 'audit', () => 'id1')(record);
    expect(key).toBe('data-rights/log-purge/acme/2026-11-26/2026-11-26T08:00:05.000Z-id1.json');
    const input = mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(input).toMatchObject({ Bucket: 'audit', Key: key, ContentType: 'application/json' });
    expect(JSON.parse(input.Body as string)).toEqual(record);
  });

  test('a record with an idempotency key has one key, so a retry rewrites it instead of adding one', async () => {
    const sink = s3AuditSink(s3, 'audit');
    const first = await sink({ ...record, idempotencyKey: 'req-00001' });
    const retry = await sink({ ...record, finishedAt: '2026-11-26T08:09:00.000Z', idempotencyKey: 'req-00001' });
    expect(first).toBe('data-rights/log-purge/acme/2026-11-26/req-00001.json');
    expect(retry).toBe(first);
    await expect(sink({ ...record, idempotencyKey: '../x' })).rejects.toThrow(/^idempotencyKey: /);
  });

  test('refuses a record whose tenant or operation could escape its prefix', async () => {
    const sink = s3AuditSink(s3, 'audit');
    await expect(sink({ ...record, tenantId: '../x' })).rejects.toThrow(/^tenantId: /);
    await expect(sink({ ...record, operation: 'a/../b' })).rejects.toThrow(/^operation: /);
    expect(mock.calls()).toHaveLength(0);
  });
});
