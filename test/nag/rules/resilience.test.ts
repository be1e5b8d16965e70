import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { tagWithDataClass } from '../../../lib/inventory/tags';
import { dataClass } from '../../../lib/inventory/data-classes';
import { renderedOutcome, ruleOutcome } from '../../support/nag';
import { TAG } from '../../../lib/vocabulary';

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

const subnet = (az: string, vpc: unknown = { Ref: 'Vpc' }) => ({
  Type: 'AWS::EC2::Subnet',
  Properties: { VpcId: vpc, CidrBlock: '10.0.0.0/24', AvailabilityZone: az },
});
const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };

describe('P-RESILIENCE-VpcSpansThreeZones', () => {
  const id = 'P-RESILIENCE-VpcSpansThreeZones';

  test('passes a VPC with subnets in three zones, also when a subnet of another stack names it through an output', () => {
    const out = renderedOutcome(id, [
      {
        name: 'network',
        resources: { Vpc: vpc, A: subnet('eu-central-1a'), B: subnet('eu-central-1b') },
        outputs: { VpcRef: { Value: { Ref: 'Vpc' } } },
      },
      { name: 'more', resources: { C: subnet('eu-central-1c', '<stack-output:eu-central-1/"network"/VpcRef>') } },
    ]);
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a VPC whose subnets share two zones, however many subnets it has', () => {
    const out = renderedOutcome(id, [{
      name: 'network',
      resources: {
        Vpc: vpc,
        Other: vpc,
        A: subnet('eu-central-1a'), B: subnet('eu-central-1b'), A2: subnet('eu-central-1a'), C: subnet('eu-central-1c', { Ref: 'Other' }),
      },
    }]);
    expect(out.failures.sort()).toEqual(['network/Other[zones:1]', 'network/Vpc[zones:2]']);
  });
});

const classTags = (cls: string) => [{ Key: TAG.dataClass, Value: cls }];
const replicaBucket = 'arn:aws:s3:::steward-eu-device-logs-111111111111-eu-west-1';
const logBucket = (rules?: Record<string, unknown>[]) => ({
  Type: 'AWS::S3::Bucket',
  Properties: {
    Tags: classTags('device-logs'),
    ...(rules ? { ReplicationConfiguration: { Role: 'arn:aws:iam::111111111111:role/r', Rules: rules } } : {}),
  },
});
const globalTable = (cls: string, regions: string[]) => ({
  Type: 'AWS::DynamoDB::GlobalTable',
  Properties: { KeySchema: [], AttributeDefinitions: [], Replicas: regions.map((Region) => ({ Region, Tags: classTags(cls) })) },
});

describe('P-RESILIENCE-ReplicatedClassReplicates', () => {
  const id = 'P-RESILIENCE-ReplicatedClassReplicates';

  test('passes primary stores of replicated classes copying everything to a second region, skips replicas and unreplicated classes', () => {
    const out = renderedOutcome(id, [
      {
        name: 'data',
        resources: {
          Logs: logBucket([{ Status: 'Enabled', Filter: { Prefix: '' }, Destination: { Bucket: replicaBucket } }]),
          Registry: globalTable('tenant-registry', ['eu-west-1', 'eu-central-1']),
          Cache: { Type: 'AWS::S3::Bucket', Properties: { Tags: classTags('config-cache') } },
        },
      },
      { name: 'replica', region: 'eu-west-1', resources: { LogsReplica: logBucket() } },
    ]);
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails replication missing, disabled, filtered or staying in the region, and a replicated table without a second replica', () => {
    const out = renderedOutcome(id, [{
      name: 'data',
      resources: {
        None: logBucket(),
        Disabled: logBucket([{ Status: 'Disabled', Destination: { Bucket: replicaBucket } }]),
        Prefixed: logBucket([{ Status: 'Enabled', Filter: { Prefix: 'tenants/a/' }, Destination: { Bucket: replicaBucket } }]),
        SameRegion: logBucket([{ Status: 'Enabled', Destination: { Bucket: replicaBucket.replace('eu-west-1', 'eu-central-1') } }]),
        Metadata: globalTable('device-metadata', ['eu-central-1']),
      },
    }]);
    expect(out.failures.sort()).toEqual([
      'data/Disabled[no-replication]', 'data/Metadata[no-replica]', 'data/None[no-replication]', 'data/Prefixed[no-replication]',
      'data/SameRegion[no-replication]',
    ]);
  });
});
