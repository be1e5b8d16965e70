import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { tagWithDataClass } from '../../../lib/inventory/tags';
import { dataClass } from '../../../lib/inventory/data-classes';
import { ruleOutcome } from '../../support/nag';

describe('P-RESILIENCE-NoSingleAzStorage', () => {
  const id = 'P-RESILIENCE-NoSingleAzStorage';

  test('passes a bucket that transitions to a multi-AZ infrequent-access class', () => {
    const out = ruleOutcome(
      id,
      (s) =>
        new s3.Bucket(s, 'B', {
          lifecycleRules: [{ transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }] }],
        }),
    );
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a transition to One Zone-IA, a one-zone replica and a One Zone file system', () => {
    const out = ruleOutcome(id, (s) => {
      new s3.Bucket(s, 'OneZone', {
        versioned: true,
        lifecycleRules: [
          {
            noncurrentVersionTransitions: [
              { storageClass: s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
            ],
          },
        ],
      });
      new s3.CfnBucket(s, 'OneZoneReplica', {
        replicationConfiguration: {
          role: 'arn:aws:iam::111111111111:role/r',
          rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::x-eu-west-1', storageClass: 'ONEZONE_IA' } }],
        },
      });
      new efs.CfnFileSystem(s, 'OneZoneFs', { availabilityZoneName: 'eu-central-1a', encrypted: true });
    });
    expect(out.failures.sort()).toEqual([
      'RuleTest/OneZone/Resource[transition:ONEZONE_IA]',
      'RuleTest/OneZoneFs[one-zone-file-system]',
      'RuleTest/OneZoneReplica[replica:ONEZONE_IA]',
    ]);
  });
});

describe('P-RESILIENCE-TablePointInTimeRecovery', () => {
  const id = 'P-RESILIENCE-TablePointInTimeRecovery';
  const partitionKey = { name: 'tenantId', type: dynamodb.AttributeType.STRING };

  test('passes tables with PITR in every replica and skips the configuration cache', () => {
    const out = ruleOutcome(id, (s) => {
      new dynamodb.Table(s, 'Table', { partitionKey, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } });
      new dynamodb.TableV2(s, 'Global', {
        partitionKey,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        replicas: [{ region: 'eu-west-1' }],
      });
      tagWithDataClass(new dynamodb.Table(s, 'Cache', { partitionKey }), dataClass('config-cache'), 'eu', '1d');
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a table without PITR and a global table whose replica lacks it', () => {
    const out = ruleOutcome(id, (s) => {
      new dynamodb.Table(s, 'NoPitr', { partitionKey });
      new dynamodb.TableV2(s, 'Global', {
        partitionKey,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        replicas: [{ region: 'eu-west-1', pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } }],
      });
    });
    expect(out.failures.sort()).toEqual(['RuleTest/Global/Resource[replica:eu-west-1]', 'RuleTest/NoPitr/Resource']);
  });
});
