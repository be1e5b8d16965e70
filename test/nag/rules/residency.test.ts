import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { renderedOutcome, ruleOutcome } from '../../support/nag';

const oneKey = (stack: Stack) => new kms.Key(stack, 'Key', { enableKeyRotation: true });

describe('P-RESIDENCY-StackRegionInJurisdiction', () => {
  const id = 'P-RESIDENCY-StackRegionInJurisdiction';

  test('passes a resource in a region of the stamped jurisdiction', () => {
    const out = ruleOutcome(id, oneKey, { region: 'eu-west-1' });
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a resource in a region outside the jurisdiction', () => {
    expect(ruleOutcome(id, oneKey, { region: 'us-east-1' }).failures).toEqual(['RuleTest/Key/Resource']);
  });

  test('fails a resource of a stack the app did not stamp', () => {
    expect(ruleOutcome(id, oneKey, { stamp: null }).failures).toEqual(['RuleTest/Key/Resource']);
  });
});

/** A source bucket replicating to a destination bucket named for `region`, re-encrypted with that region's key. */
function replicatingTo(region: string, bucketName = `steward-eu-access-logs-111111111111-${region}`) {
  return (stack: Stack) => {
    new s3.CfnBucket(stack, 'Source', {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: {
        role: 'arn:aws:iam::111111111111:role/replication',
        rules: [
          {
            id: 'to-replica',
            status: 'Enabled',
            destination: {
              bucket: `arn:aws:s3:::${bucketName}`,
              encryptionConfiguration: { replicaKmsKeyId: `arn:aws:kms:${region}:111111111111:alias/steward/eu/access-logs` },
            },
          },
        ],
      },
    });
  };
}

describe('P-RESIDENCY-ReplicationInJurisdiction', () => {
  const id = 'P-RESIDENCY-ReplicationInJurisdiction';

  test('passes replication to a region of the same jurisdiction', () => {
    expect(ruleOutcome(id, replicatingTo('eu-west-1'))).toEqual({ failures: [], compliant: 1 });
  });

  test('fails replication to a region of another jurisdiction', () => {
    expect(ruleOutcome(id, replicatingTo('us-east-1')).failures).toEqual(['RuleTest/Source[rule:to-replica]']);
  });

  test('fails a destination that names no region at all', () => {
    const hidden = (stack: Stack) =>
      new s3.CfnBucket(stack, 'Source', {
        replicationConfiguration: {
          role: 'arn:aws:iam::111111111111:role/replication',
          rules: [{ id: 'anywhere', status: 'Enabled', destination: { bucket: 'arn:aws:s3:::some-bucket' } }],
        },
      });
    expect(ruleOutcome(id, hidden).failures).toEqual(['RuleTest/Source[rule:anywhere]']);
  });

  test('ignores buckets that do not replicate', () => {
    expect(ruleOutcome(id, (s) => new s3.Bucket(s, 'Plain', { lifecycleRules: [{ expiration: Duration.days(1) }] }))).toEqual({
      failures: [],
      compliant: 0,
    });
  });
});

describe('P-RESIDENCY-TableReplicasInJurisdiction', () => {
  const id = 'P-RESIDENCY-TableReplicasInJurisdiction';
  const tableWithReplica = (region: string) => (stack: Stack) =>
    new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'tenantId', type: dynamodb.AttributeType.STRING },
      replicas: [{ region }],
    });

  test('passes a global table replicated inside the jurisdiction', () => {
    expect(ruleOutcome(id, tableWithReplica('eu-west-1'))).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a global table with a replica in another jurisdiction', () => {
    expect(ruleOutcome(id, tableWithReplica('us-west-2')).failures).toEqual(['RuleTest/Table/Resource[replica:us-west-2]']);
  });
});

const boundary = (regions: string[]) => ({
  Type: 'AWS::IAM::ManagedPolicy',
  Properties: {
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
        },
      ],
    },
  },
});
const role = (PermissionsBoundary?: unknown) => ({
  Type: 'AWS::IAM::Role',
  Properties: { AssumeRolePolicyDocument: { Statement: [] }, ...(PermissionsBoundary ? { PermissionsBoundary } : {}) },
});

describe('P-RESIDENCY-RoleBoundToJurisdiction', () => {
  const id = 'P-RESIDENCY-RoleBoundToJurisdiction';

  test('passes a role bounded by a policy of the app that denies every region outside the jurisdiction', () => {
    const resources = { Boundary: boundary(['eu-central-1', 'eu-west-1']), Role: role({ Ref: 'Boundary' }) };
    expect(renderedOutcome(id, [{ name: 's', resources }]))
      .toEqual({ failures: [], compliant: 1 });
  });

  test('passes an allow-list boundary whose every grant names resources of the jurisdiction, fails one that names another region', () => {
    const allowList = (resource: string) => ({
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: resource }] } },
    });
    const out = renderedOutcome(id, [{
      name: 's',
      resources: {
        Inside: allowList('arn:aws:kms:eu-central-1:111111111111:key/*'),
        Outside: allowList('arn:aws:kms:us-east-1:111111111111:key/*'),
        Scoped: role({ Ref: 'Inside' }),
        Escapes: role({ Ref: 'Outside' }),
      },
    }]);
    expect(out).toEqual({ failures: ['s/Escapes[boundary-allows-other-regions]'], compliant: 1 });
  });

  test('fails a role without a boundary, one bounded by a policy outside the app, and one whose boundary allows another region', () => {
    const out = renderedOutcome(id, [{
      name: 's',
      resources: {
        Wide: boundary(['eu-central-1', 'us-east-1']),
        Unbounded: role(),
        Foreign: role('arn:aws:iam::111111111111:policy/somewhere'),
        Leaky: role({ Ref: 'Wide' }),
      },
    }]);
    expect(out.failures.sort())
      .toEqual(['s/Foreign[boundary-not-in-app]', 's/Leaky[boundary-allows-other-regions]', 's/Unbounded[no-boundary]']);
  });
});

const DEVICE_LOGS_ARN = 'arn:aws:s3:::steward-eu-device-logs-111111111111-eu-central-1';
const fn = (Variables: Record<string, unknown>) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Role: 'arn:aws:iam::111111111111:role/f', Code: { ZipFile: 'x' }, Runtime: 'nodejs22.x', Handler: 'index.handler',
    Environment: { Variables },
  },
});

describe('P-RESIDENCY-DestinationsInJurisdiction', () => {
  const id = 'P-RESIDENCY-DestinationsInJurisdiction';

  test('passes functions and a delivery stream that name only regions and resources of the jurisdiction', () => {
    const out = renderedOutcome(id, [
      { name: 'data', resources: { Exports: { Type: 'AWS::S3::Bucket' } }, outputs: { ExportsRef: { Value: { Ref: 'Exports' } } } },
      {
        name: 'rights',
        resources: {
          Handler: fn({
            REPLICA_REGION: 'eu-west-1', EXPORTS_BUCKET: '<stack-output:eu-central-1/"data"/ExportsRef>',
            SHARDS_PER_BUCKET: '8', MAX_ITEMS: '5000',
          }),
          Shipping: {
            Type: 'AWS::KinesisFirehose::DeliveryStream',
            Properties: { ExtendedS3DestinationConfiguration: { BucketARN: DEVICE_LOGS_ARN, RoleARN: 'arn:aws:iam::111111111111:role/r' } },
          },
        },
      },
    ]);
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a variable naming another region, a bucket variable that hides where it is, and a Firehose HTTP endpoint', () => {
    const out = renderedOutcome(id, [{
      name: 'rights',
      resources: {
        Handler: fn({ REPLICA_REGION: 'us-east-1', ARCHIVE_BUCKET: 'partner-archive' }),
        Shipping: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://logs.example.com' }, S3Configuration: { BucketARN: 'arn:aws:s3:::steward-eu-device-logs-111111111111-eu-central-1', RoleARN: 'arn:aws:iam::111111111111:role/r' } } } },
      },
    }]);
    expect(out.failures.sort()).toEqual([
      'rights/Handler[env:ARCHIVE_BUCKET]', 'rights/Handler[env:REPLICA_REGION]',
      'rights/Shipping[destination:HttpEndpointDestinationConfiguration]',
    ]);
  });
});
