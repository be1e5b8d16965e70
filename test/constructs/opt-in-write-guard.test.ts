import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DataClassBucket } from '../../lib/constructs/data-class-bucket';
import { OptInWriteGuard, optInWriterRoleArns } from '../../lib/constructs/opt-in-write-guard';
import { dataClass } from '../../lib/inventory/data-classes';
import { newTestApp } from '../support/app';
import { flatten } from '../support/cfn';

const naming = { appName: 'steward', jurisdictionId: 'eu' };

function guarded(classIds: string[], writerRoleArns = optInWriterRoleArns(naming)) {
  const stack = new Stack(newTestApp(), 'GuardTest', { env: { region: 'eu-central-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const buckets = classIds.map(
    (id) => new DataClassBucket(stack, id, { dataClass: dataClass(id), jurisdictionId: 'eu', bucketName: `b-${id}`, encryptionKey: key }),
  );
  new OptInWriteGuard(stack, 'Guard', { buckets, writerRoleArns });
  return Template.fromStack(stack);
}

describe('OptInWriteGuard (P-OPT-IN)', () => {
  test('denies PutObject on every opt-in bucket to everyone but the named writer roles', () => {
    const policies = Object.values(guarded(['config-backups', 'provisioning-templates']).findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const deny = policy.Properties.PolicyDocument.Statement.find((s: { Sid?: string }) => s.Sid === 'DenyWritesExceptOptInWriters');
      expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:PutObject' });
      expect(deny.Condition.ArnNotEquals['aws:PrincipalArn'].map(flatten)).toEqual([
        'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/steward-eu-opt-in-writer',
        'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/steward-eu-data-subject-requests',
      ]);
    }
  });

  test('refuses a bucket of a class that is not opt-in, naming the prop', () => {
    expect(() => guarded(['config-backups', 'access-logs'])).toThrow("buckets: 'access-logs' is not an opt-in data class");
  });

  test('refuses an empty writer list, which would make the store unwritable', () => {
    expect(() => guarded(['config-backups'], [])).toThrow(/^writerRoleArns: /);
  });
});
