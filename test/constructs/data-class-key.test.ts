import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataClassKey } from '../../lib/constructs/data-class-key';
import { dataClass } from '../../lib/inventory/data-classes';
import { newTestApp } from '../support/app';

function keyTemplate(extra: { deliveryServices?: string[]; allowCloudWatchLogs?: boolean } = {}) {
  const stack = new Stack(newTestApp(), 'KeyTest', { env: { region: 'eu-central-1', account: '123456789012' } });
  new DataClassKey(stack, 'Key', { naming: { appName: 'steward', jurisdictionId: 'eu' }, dataClass: dataClass('device-logs'), ...extra });
  return Template.fromStack(stack);
}

describe('DataClassKey', () => {
  test('rotates yearly, is retained, and carries the class alias', () => {
    const t = keyTemplate();
    t.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, RotationPeriodInDays: 365, PendingWindowInDays: 30 },
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/steward/eu/device-logs' });
  });

  test('by default only delegates use to the account, so every use is an explicit IAM grant', () => {
    const statements = Object.values(keyTemplate().findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    const allows = statements.filter((s: { Effect: string }) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    // The only other statement takes administration away from everyone but the named administrators.
    expect(statements.filter((s: { Effect: string }) => s.Effect !== 'Allow').map((s: { Sid: string }) => s.Sid))
      .toEqual(['RefuseAdministrationExceptByNamedAdministrators']);
  });

  test('lets a delivery service use the key only for this account', () => {
    keyTemplate({ deliveryServices: ['logging.s3.amazonaws.com'] }).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
  });

  test('a bucket logging into a bucket under the key grants log delivery for this account only, like the key\'s own statement', () => {
    const stack = new Stack(newTestApp(), 'KeyTest', { env: { region: 'eu-central-1', account: '123456789012' } });
    const { key } = new DataClassKey(stack, 'Key', {
      naming: { appName: 'steward', jurisdictionId: 'eu' },
      dataClass: dataClass('storage-access-logs'),
      deliveryServices: ['logging.s3.amazonaws.com'],
    });
    const logs = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: logs });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    const delivery = statements.filter((st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(delivery.length).toBeGreaterThanOrEqual(2);
    for (const st of delivery) expect(st.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
  });

  test('lets CloudWatch Logs use the key only for this account and region log groups', () => {
    keyTemplate({ allowCloudWatchLogs: true }).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
            Condition: {
              ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-central-1:123456789012:log-group:*' },
            },
          }),
        ]),
      },
    });
  });
});
