import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DataClassBucket, lifecycleRulesFor } from '../../lib/constructs/data-class-bucket';
import { dataClass } from '../../lib/inventory/data-classes';
import { newTestApp } from '../support/app';
import { TAG } from '../../lib/vocabulary';

function bucketStack(classId: string, extra: { retentionDays?: number; isReplica?: boolean } = {}) {
  const stack = new Stack(newTestApp(), 'BucketTest', { env: { region: 'eu-central-1' } });
  new DataClassBucket(stack, 'Store', {
    dataClass: dataClass(classId),
    jurisdictionId: 'eu',
    bucketName: `steward-eu-${classId}`,
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    ...extra,
  });
  return Template.fromStack(stack);
}

describe('DataClassBucket', () => {
  test('encrypts with the class CMK and a bucket key, blocks public access, enforces owner', () => {
    bucketStack('access-logs').hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('denies every request without TLS 1.2 (P-ENCRYPT-TRANSIT)', () => {
    const policy = bucketStack('access-logs').findResources('AWS::S3::BucketPolicy');
    const statements = Object.values(policy)[0].Properties.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  test('expires logs and their old versions and unfinished uploads (P-RETENTION)', () => {
    bucketStack('device-logs', { retentionDays: 14 }).hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireAfterRetention',
            Status: 'Enabled',
            ExpirationInDays: 14,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
          { Id: 'RemoveExpiredDeleteMarkers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
        ],
      },
    });
  });

  test('expires the unversioned configuration cache after one day (P-JIT-CACHE)', () => {
    const template = bucketStack('config-cache');
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 1 })] },
      VersioningConfiguration: Match.absent(),
    });
  });

  test('keeps tenancy data current but bounds old versions', () => {
    bucketStack('config-backups').hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'KeepCurrentForTenancy',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
          Match.objectLike({ ExpiredObjectDeleteMarker: true }),
        ],
      },
    });
  });

  test('never transitions objects, so no single-AZ storage class appears (P-RESILIENCE)', () => {
    for (const retention of [undefined, 1, 30]) {
      for (const versioned of [true, false]) {
        for (const rule of lifecycleRulesFor(retention, versioned)) {
          expect(rule.transitions).toBeUndefined();
          expect(rule.noncurrentVersionTransitions).toBeUndefined();
        }
      }
    }
  });

  test('versions a replica even when the class itself is unversioned', () => {
    bucketStack('audit-receipts', { isReplica: true }).hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  test('tags the bucket with its data class', () => {
    bucketStack('advanced-reporting-logs').hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([
        { Key: TAG.dataClass, Value: 'advanced-reporting-logs' },
        { Key: TAG.jurisdiction, Value: 'eu' },
        { Key: TAG.optIn, Value: 'true' },
        { Key: TAG.personalData, Value: 'true' },
        { Key: TAG.retention, Value: '30d' },
        { Key: TAG.tenantData, Value: 'true' },
      ]),
    });
  });

  test('refuses a retention outside the declared range, naming the prop', () => {
    expect(() => bucketStack('access-logs', { retentionDays: 31 })).toThrow(
      "retentionDays: 31 is outside the declared range 1..30 of data class 'access-logs'",
    );
    expect(() => bucketStack('config-backups', { retentionDays: 5 })).toThrow(
      /^retentionDays: data class 'config-backups' is kept for the tenancy/,
    );
  });

  test('refuses a class that is not stored in S3', () => {
    expect(() => bucketStack('tenant-registry')).toThrow("dataClass: 'tenant-registry' is stored in a dynamodb-table, not an S3 bucket");
  });
});
