import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3AuditSink } from '../../../lambda/shared/audit-record';
import { auditExpiredGrant, isTimeToLiveRemoval } from '../../../lambda/support-grant-expiry/core';
import { memoryAudit } from '../data-rights/fixtures';

const ttl = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
const oldImage = { tenantId: { S: 'acme' }, grantId: { S: 'g1' }, expiresAt: { N: String(Date.parse('2026-11-26T10:00:00Z') / 1000) } };

describe('auditing grant expiries (P-SUPPORT-CONSENT)', () => {
  test('audits each grant removed by time-to-live, with when it expired', async () => {
    const audit = memoryAudit();
    const audited = await auditExpiredGrant(
      { audit, now: () => new Date('2026-11-27T00:00:00Z') },
      { eventName: 'REMOVE', userIdentity: ttl, dynamodb: { OldImage: oldImage, ApproximateCreationDateTime: 1795000000 } },
    );
    expect(audited).toBe(true);
    expect(audit.records).toEqual([
      expect.objectContaining({
        operation: 'support-grant-expiry',
        tenantId: 'acme',
        outcome: 'expired',
        details: expect.objectContaining({ grantId: 'g1', expiredAt: '2026-11-26T10:00:00.000Z' }),
      }),
    ]);
  });

  test('ignores removals by anyone but time-to-live, and other changes', async () => {
    const audit = memoryAudit();
    expect(isTimeToLiveRemoval({ eventName: 'REMOVE', userIdentity: { type: 'Service', principalId: 'someone' } })).toBe(false);
    expect(await auditExpiredGrant({ audit }, { eventName: 'REMOVE', dynamodb: { OldImage: oldImage } })).toBe(false);
    expect(await auditExpiredGrant({ audit }, { eventName: 'MODIFY', userIdentity: ttl, dynamodb: { OldImage: oldImage } })).toBe(false);
    expect(audit.records).toEqual([]);
  });

  test('a record the stream delivers again (its batch retried) rewrites the same audit object, it adds none', async () => {
    const keys: string[] = [];
    const s3 = { send: async (c: PutObjectCommand) => keys.push(c.input.Key!) } as unknown as S3Client;
    const audit = s3AuditSink(s3, 'audit-receipts');
    const record = { eventName: 'REMOVE', userIdentity: ttl, dynamodb: { OldImage: oldImage, ApproximateCreationDateTime: 1795000000 } };
    await auditExpiredGrant({ audit, now: () => new Date('2026-11-27T23:59:59Z') }, record);
    await auditExpiredGrant({ audit, now: () => new Date('2026-11-28T00:00:30Z') }, record);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toContain('/g1.json');
  });
});
