import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DataClassTable, type DataClassTableProps } from '../../lib/constructs/data-class-table';
import { dataClass } from '../../lib/inventory/data-classes';
import { newTestApp } from '../support/app';
import { TAG } from '../../lib/vocabulary';

function tableStack(classId: string, extra: Partial<DataClassTableProps> = {}) {
  const stack = new Stack(newTestApp(), 'TableTest', { env: { region: 'eu-central-1' } });
  new DataClassTable(stack, 'Store', {
    dataClass: dataClass(classId),
    jurisdictionId: 'eu',
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    ...extra,
  });
  return Template.fromStack(stack);
}

const REPLICA = { region: 'eu-west-1', keyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/steward/eu/device-metadata' };

describe('DataClassTable', () => {
  test('is a global table with CMK, PITR and deletion protection in every replica', () => {
    const t = tableStack('device-metadata', { replica: REPLICA, sortKey: 'deviceId' });
    t.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'tenantId', KeyType: 'HASH' },
          { AttributeName: 'deviceId', KeyType: 'RANGE' },
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      }),
    });
    const replicas = Object.values(t.findResources('AWS::DynamoDB::GlobalTable'))[0].Properties.Replicas;
    expect(replicas.map((r: { Region: string }) => r.Region).sort()).toEqual(['eu-central-1', 'eu-west-1']);
    for (const r of replicas) {
      expect(r.DeletionProtectionEnabled).toBe(true);
      expect(r.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 });
      expect(r.SSESpecification.KMSMasterKeyId).toBeDefined();
      expect(r.Tags).toEqual(expect.arrayContaining([{ Key: TAG.dataClass, Value: 'device-metadata' }]));
    }
    expect(replicas.find((r: { Region: string }) => r.Region === 'eu-west-1').SSESpecification.KMSMasterKeyId).toBe(REPLICA.keyArn);
  });

  test('keeps point-in-time recovery for the configured window in every replica, and refuses one DynamoDB does not allow', () => {
    const t = tableStack('device-metadata', { replica: REPLICA, pointInTimeRecoveryDays: 7 });
    const replicas = Object.values(t.findResources('AWS::DynamoDB::GlobalTable'))[0].Properties.Replicas;
    expect(replicas.map((r: { PointInTimeRecoverySpecification: unknown }) => r.PointInTimeRecoverySpecification)).toEqual([
      { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 }, { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
    ]);
    for (const days of [0, 36, 1.5]) {
      expect(() => tableStack('device-metadata', { replica: REPLICA, pointInTimeRecoveryDays: days })).toThrow(
        `TableTest/Store: pointInTimeRecoveryDays must be a whole number of days from 1 to 35, got ${days}`,
      );
    }
  });

  test('requires a replica for a replicated class and refuses one for a single-region class', () => {
    expect(() => tableStack('device-metadata')).toThrow("replica: data class 'device-metadata' is replicated and needs a replica region");
    expect(() => tableStack('config-cache', { replica: REPLICA })).toThrow(/^dataClass: 'config-cache' is stored in a s3-bucket/);
  });
});

describe('DataClassTable retention', () => {
  const retentionTag = (t: Template) =>
    (Object.values(t.findResources('AWS::DynamoDB::GlobalTable'))[0].Properties.Replicas[0].Tags as { Key: string; Value: string }[])
      .find((x) => x.Key === TAG.retention)?.Value;

  test('a day-bounded class declares its days, the class default unless given', () => {
    expect(retentionTag(tableStack('support-grants'))).toBe('5d');
    expect(retentionTag(tableStack('device-metadata', { replica: REPLICA }))).toBe('tenancy');
  });

  test('refuses days outside the class range and days for a tenancy class, naming the prop', () => {
    expect(() => tableStack('support-grants', { retentionDays: 30 })).toThrow(/^retentionDays: 30 is outside the declared range 5..5/);
    expect(() => tableStack('device-metadata', { replica: REPLICA, retentionDays: 3 })).toThrow(/^retentionDays: data class 'device-metadata' is kept for the tenancy/);
  });
});
