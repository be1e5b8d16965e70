import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { ResolvedJurisdiction } from '../../lib/config/resolved';
import { DataClassBucket } from '../../lib/constructs/data-class-bucket';
import { InJurisdictionReplication } from '../../lib/constructs/in-jurisdiction-replication';
import { dataClass } from '../../lib/inventory/data-classes';
import { newTestApp, RESOLVED_DEFAULT_CONFIG } from '../support/app';
import { flatten } from '../support/cfn';

const EU = RESOLVED_DEFAULT_CONFIG.jurisdictions[0];
const naming = { appName: 'steward', jurisdictionId: 'eu' };

function replicate(classId: string, jurisdiction: ResolvedJurisdiction = EU, region = 'eu-central-1') {
  const stack = new Stack(newTestApp(), 'ReplicationTest', { env: { region } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = new DataClassBucket(stack, 'Store', {
    dataClass: dataClass(classId),
    jurisdictionId: 'eu',
    bucketName: 'source-bucket',
    encryptionKey: key,
  });
  new InJurisdictionReplication(stack, 'Replication', { naming, jurisdiction }).replicate(bucket, key);
  return Template.fromStack(stack);
}

describe('InJurisdictionReplication', () => {
  test('replicates to the same class bucket and key in the replica region of the jurisdiction', () => {
    const rules = Object.values(replicate('device-logs').findResources('AWS::S3::Bucket'))[0].Properties.ReplicationConfiguration.Rules;
    expect(rules).toHaveLength(1);
    expect(flatten(rules[0].Destination.Bucket)).toBe('arn:${AWS::Partition}:s3:::steward-eu-device-logs-${AWS::AccountId}-eu-west-1');
    expect(flatten(rules[0].Destination.EncryptionConfiguration.ReplicaKmsKeyID)).toBe(
      'arn:${AWS::Partition}:kms:eu-west-1:${AWS::AccountId}:alias/steward/eu/device-logs',
    );
    expect(rules[0]).toMatchObject({
      Status: 'Enabled',
      DeleteMarkerReplication: { Status: 'Enabled' },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { StorageClass: 'STANDARD' },
    });
  });

  test('grants the replica key only through its alias', () => {
    const policies = replicate('device-logs').findResources('AWS::IAM::ManagedPolicy');
    const statements = Object.values(policies)[0].Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/steward/eu/device-logs' } },
      }),
    );
  });

  test('keeps its permissions in a managed policy attached to the role, not an inline policy', () => {
    const template = replicate('device-logs');
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: Match.stringLikeRegexp('^ReplicationRole') }] });
  });

  test('refuses a class declared not replicated (the configuration cache stays in one region)', () => {
    expect(() => replicate('config-cache')).toThrow("dataClass: 'config-cache' is declared not replicated");
  });

  test('refuses a replica region outside the jurisdiction', () => {
    expect(() => replicate('device-logs', { ...EU, replicaRegion: 'us-east-1' })).toThrow(
      "jurisdiction.replicaRegion: 'us-east-1' is outside jurisdiction 'eu'",
    );
  });

  test('refuses a source region outside the jurisdiction', () => {
    expect(() => replicate('device-logs', EU, 'us-east-1')).toThrow(/^jurisdiction: the stack's region 'us-east-1' is outside/);
  });
});
