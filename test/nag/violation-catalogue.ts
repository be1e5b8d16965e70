import type { PromiseId } from '../../lib/nag/promises';
import type { RenderedStack } from '../../lib/nag/rendered-template-checks';
import { TAG } from '../../lib/vocabulary';

/** A resource of a template, as CloudFormation receives it. */
type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };

/** One realistic single change a pull request could make to the default app, and the promise it breaks. */
export interface Violation {
  /** What the change does, in the words of a review comment. */
  readonly name: string;
  /** The promise a rule must flag it under. */
  readonly promise: PromiseId;
  /** The stack it changes, without the `steward-` prefix: `eu-data`. */
  readonly stack: string;
  /** Applies the change to a fresh copy of the stack (template, and for a few, what the app stamped). */
  readonly change: (t: Template, stack: { -readonly [K in keyof RenderedStack]: RenderedStack[K] }) => void;
}

const tagValue = (r: Resource, key: string): string | undefined => {
  const tags = (r.Properties.Tags ?? r.Properties.Replicas?.[0]?.Tags ?? []) as { Key: string; Value: string }[];
  return tags.find((t) => t.Key === key)?.Value;
};

/** The one resource of a type (and class, when given): throws when there is none, so no entry can silently change nothing. */
function one(t: Template, type: string, pick: (id: string, r: Resource) => boolean = () => true): Resource {
  const found = Object.entries(t.Resources).find(([id, r]) => r.Type === type && pick(id, r));
  if (!found) throw new Error(`catalogue: no ${type} matching the entry in the template`);
  return found[1];
}
const ofClass = (cls: string) => (_id: string, r: Resource) => tagValue(r, TAG.dataClass) === cls;
const idHas = (part: string) => (id: string) => id.includes(part);
const bucket = (t: Template, cls: string) => one(t, 'AWS::S3::Bucket', ofClass(cls));
const table = (t: Template, cls: string) => one(t, 'AWS::DynamoDB::GlobalTable', ofClass(cls));
const setTag = (tags: { Key: string; Value: string }[], key: string, value: string | undefined) => {
  const i = tags.findIndex((x) => x.Key === key);
  if (i >= 0) tags.splice(i, 1);
  if (value !== undefined) tags.push({ Key: key, Value: value });
};
const tableTag = (r: Resource, key: string, value: string | undefined) => {
  for (const replica of r.Properties.Replicas) setTag(replica.Tags, key, value);
};
const add = (t: Template, id: string, Type: string, Properties: Record<string, unknown>) => {
  t.Resources[id] = { Type, Properties };
};
const bucketPolicyOf = (t: Template, cls: string) => {
  const id = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::S3::Bucket' && tagValue(r, TAG.dataClass) === cls)![0];
  return one(t, 'AWS::S3::BucketPolicy', (_i, p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }));
};
const supportRole = (t: Template) => one(t, 'AWS::IAM::Role', (_i, r) => tagValue(r, TAG.purpose) === 'support-with-consent');
const firstKey = (t: Template) => ({
  'Fn::GetAtt': [Object.keys(t.Resources).find((id) => t.Resources[id].Type === 'AWS::KMS::Key')!, 'Arn'],
});
const anyLogGroup = (t: Template) => one(t, 'AWS::Logs::LogGroup');
const frontEndGroup = (t: Template) => one(t, 'AWS::EC2::SecurityGroup', idHas('Portal'));
const bastionGroup = (t: Template) => one(t, 'AWS::EC2::SecurityGroup', idHas('Bastion'));
const vpnGroup = (t: Template) => one(t, 'AWS::EC2::SecurityGroup', idHas('Vpn'));
const OTHER_REGION_KEY = 'arn:aws:kms:us-east-1:111111111111:key/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';

export const VIOLATIONS: readonly Violation[] = [
  // P-RESIDENCY
  { name: 'replicate device logs to a US region', promise: 'P-RESIDENCY', stack: 'eu-data', change: (t) => {
    const r = bucket(t, 'device-logs').Properties.ReplicationConfiguration.Rules[0];
    r.Destination.Bucket = 'arn:aws:s3:::steward-eu-device-logs-111111111111-us-east-1';
    r.Destination.EncryptionConfiguration.ReplicaKmsKeyID = OTHER_REGION_KEY;
  } },
  { name: 'replica key of config backups in a US region', promise: 'P-RESIDENCY', stack: 'eu-data', change: (t) => {
    bucket(t, 'config-backups').Properties.ReplicationConfiguration.Rules[0].Destination.EncryptionConfiguration.ReplicaKmsKeyID =
      OTHER_REGION_KEY;
  } },
  { name: 'replication destination given only by a reference, no region to read', promise: 'P-RESIDENCY', stack: 'eu-data', change: (t) => {
    const d = bucket(t, 'incident-logs').Properties.ReplicationConfiguration.Rules[0].Destination;
    d.Bucket = { 'Fn::ImportValue': 'some-bucket-arn' };
    delete d.EncryptionConfiguration;
  } },
  { name: 'add a global table replica in us-east-1', promise: 'P-RESIDENCY', stack: 'eu-data', change: (t) => {
    const r = table(t, 'device-metadata').Properties.Replicas;
    r.push({ ...JSON.parse(JSON.stringify(r[0])), Region: 'us-east-1' });
  } },
  { name: 'deploy the data stack to a region outside the jurisdiction', promise: 'P-RESIDENCY', stack: 'eu-data', change: (_t, s) => {
    s.region = 'us-east-1';
  } },
  { name: 'a stack the app forgot to stamp with its jurisdiction', promise: 'P-RESIDENCY', stack: 'eu-portal-users', change: (_t, s) => {
    s.jurisdiction = undefined;
  } },

  // P-ENCRYPT-REST
  { name: 'override device-log bucket encryption to SSE-S3', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    bucket(t, 'device-logs').Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault = {
      SSEAlgorithm: 'AES256',
    };
  } },
  { name: 'encrypt the exports bucket with the AWS-managed S3 key', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    bucket(t, 'exports').Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID =
      'alias/aws/s3';
  } },
  { name: 'delete the encryption of a replica bucket', promise: 'P-ENCRYPT-REST', stack: 'eu-replica', change: (t) => {
    delete bucket(t, 'device-logs').Properties.BucketEncryption;
  } },
  { name: 'table replica without its own key', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    delete table(t, 'tenant-registry').Properties.Replicas[0].SSESpecification;
  } },
  { name: 'table on the AWS-owned key', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    table(t, 'support-grants').Properties.SSESpecification = { SSEEnabled: false };
  } },
  { name: 'handler log group without a key', promise: 'P-ENCRYPT-REST', stack: 'eu-data-rights', change: (t) => {
    delete anyLogGroup(t).Properties.KmsKeyId;
  } },
  { name: 'dead-letter queue on the SQS-managed key', promise: 'P-ENCRYPT-REST', stack: 'eu-tenant-lifecycle', change: (t) => {
    const q = one(t, 'AWS::SQS::Queue').Properties;
    delete q.KmsMasterKeyId;
    q.SqsManagedSseEnabled = true;
  } },
  { name: 'dead-letter queue on the AWS-managed key alias', promise: 'P-ENCRYPT-REST', stack: 'eu-data-rights', change: (t) => {
    one(t, 'AWS::SQS::Queue').Properties.KmsMasterKeyId = 'alias/aws/sqs';
  } },
  { name: 'alarm topic on the AWS-managed key as full alias ARN', promise: 'P-ENCRYPT-REST', stack: 'eu-tenant-lifecycle', change: (t) => {
    add(t, 'AlarmTopic', 'AWS::SNS::Topic', { KmsMasterKeyId: 'arn:aws:kms:eu-central-1:111111111111:alias/aws/sns' });
  } },
  { name: 'turn key rotation off', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    one(t, 'AWS::KMS::Key').Properties.EnableKeyRotation = false;
  } },
  { name: 'bastion root volume unencrypted', promise: 'P-ENCRYPT-REST', stack: 'eu-operator-access', change: (t) => {
    const ebs = one(t, 'AWS::EC2::Instance').Properties.BlockDeviceMappings[0].Ebs;
    ebs.Encrypted = false;
    delete ebs.KmsKeyId;
  } },
  { name: 'add an EFS file system without encryption', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'SharedFiles', 'AWS::EFS::FileSystem', { Encrypted: false });
  } },
  { name: 'add an Aurora cluster without storage encryption', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'ReportingDb', 'AWS::RDS::DBCluster', { Engine: 'aurora-postgresql', StorageEncrypted: false });
  } },
  { name: 'add a Kinesis stream without encryption', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'Events', 'AWS::Kinesis::Stream', { ShardCount: 1 });
  } },
  { name: 'add an OpenSearch domain encrypted with the AWS-owned key', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'Search', 'AWS::OpenSearchService::Domain', { EncryptionAtRestOptions: { Enabled: true } });
  } },
  { name: 'add an ElastiCache group without at-rest encryption', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'Cache', 'AWS::ElastiCache::ReplicationGroup', {
      ReplicationGroupDescription: 'cache',
      Engine: 'valkey',
      AtRestEncryptionEnabled: false,
    });
  } },
  { name: 'add a secret on the AWS-managed Secrets Manager key', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'ApiToken', 'AWS::SecretsManager::Secret', { KmsKeyId: 'alias/aws/secretsmanager' });
  } },
  { name: 'add a Firehose stream on the AWS-owned key', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'LogShipping', 'AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
    });
  } },
  { name: 'add a backup vault without a key', promise: 'P-ENCRYPT-REST', stack: 'eu-data', change: (t) => {
    add(t, 'Vault', 'AWS::Backup::BackupVault', { BackupVaultName: 'steward-eu' });
  } },
  { name: 'workflow history on the AWS-owned key, unsuppressed', promise: 'P-ENCRYPT-REST', stack: 'eu-tenant-lifecycle', change: (t) => {
    delete one(t, 'AWS::StepFunctions::StateMachine').Metadata;
  } },
  { name: 'export workflow history back on the AWS-owned key', promise: 'P-ENCRYPT-REST', stack: 'eu-data-rights', change: (t) => {
    delete one(t, 'AWS::StepFunctions::StateMachine', idHas('TenantExport')).Properties.EncryptionConfiguration;
  } },

  // P-ENCRYPT-TRANSIT
  { name: 'drop the deny-insecure-transport statement of a bucket policy', promise: 'P-ENCRYPT-TRANSIT', stack: 'eu-data', change: (t) => {
    const doc = bucketPolicyOf(t, 'device-logs').Properties.PolicyDocument;
    doc.Statement = doc.Statement.filter(
      (s: any) => !(s.Effect === 'Deny' && JSON.stringify(s.Condition ?? {}).includes('SecureTransport')),
    );
  } },
  { name: 'deny-insecure-transport statement narrowed to one action', promise: 'P-ENCRYPT-TRANSIT', stack: 'eu-replica', change: (t) => {
    const doc = bucketPolicyOf(t, 'access-logs').Properties.PolicyDocument;
    for (const s of doc.Statement) if (JSON.stringify(s.Condition ?? {}).includes('SecureTransport')) s.Action = 's3:GetObject';
  } },
  { name: 'portal listener on an old TLS policy', promise: 'P-ENCRYPT-TRANSIT', stack: 'eu-front-end', change: (t) => {
    one(t, 'AWS::ElasticLoadBalancingV2::Listener', idHas('PortalHttps')).Properties.SslPolicy = 'ELBSecurityPolicy-2016-08';
  } },
  { name: 'HTTP listener forwards instead of redirecting', promise: 'P-ENCRYPT-TRANSIT', stack: 'eu-front-end', change: (t) => {
    const https = one(t, 'AWS::ElasticLoadBalancingV2::Listener', idHas('PortalHttps')).Properties;
    one(t, 'AWS::ElasticLoadBalancingV2::Listener', idHas('Redirect')).Properties.DefaultActions = https.DefaultActions;
  } },
  { name: 'syslog listener switched to plain TCP', promise: 'P-ENCRYPT-TRANSIT', stack: 'eu-front-end', change: (t) => {
    const l = one(t, 'AWS::ElasticLoadBalancingV2::Listener', idHas('Syslog')).Properties;
    l.Protocol = 'TCP';
    delete l.SslPolicy;
    delete l.Certificates;
  } },

  // P-METADATA-ONLY
  { name: 'bucket without its data-class tag', promise: 'P-METADATA-ONLY', stack: 'eu-data', change: (t) => {
    setTag(bucket(t, 'incident-logs').Properties.Tags, TAG.dataClass, undefined);
  } },
  { name: 'table tagged with a class the inventory does not declare', promise: 'P-METADATA-ONLY', stack: 'eu-data', change: (t) => {
    tableTag(table(t, 'device-metadata'), TAG.dataClass, 'packet-captures');
  } },
  { name: 'add a store of a type the pack does not know', promise: 'P-METADATA-ONLY', stack: 'eu-data', change: (t) => {
    add(t, 'Metrics', 'AWS::Timestream::Database', { DatabaseName: 'metrics' });
  } },

  // P-JIT-CACHE
  { name: 'keep configuration cache entries for a week', promise: 'P-JIT-CACHE', stack: 'eu-data', change: (t) => {
    for (const r of bucket(t, 'config-cache').Properties.LifecycleConfiguration.Rules) if (r.ExpirationInDays) r.ExpirationInDays = 7;
  } },
  { name: 'replicate the configuration cache', promise: 'P-JIT-CACHE', stack: 'eu-data', change: (t) => {
    bucket(t, 'config-cache').Properties.ReplicationConfiguration = JSON.parse(
      JSON.stringify(bucket(t, 'device-logs').Properties.ReplicationConfiguration),
    );
  } },
  { name: 'disable the cache expiry rule', promise: 'P-JIT-CACHE', stack: 'eu-data', change: (t) => {
    for (const r of bucket(t, 'config-cache').Properties.LifecycleConfiguration.Rules) r.Status = 'Disabled';
  } },

  // P-OPT-IN
  { name: 'opt-in bucket labelled as not opt-in', promise: 'P-OPT-IN', stack: 'eu-data', change: (t) => {
    setTag(bucket(t, 'config-backups').Properties.Tags, TAG.optIn, 'false');
  } },
  { name: 'opt-in replica bucket without its opt-in tag', promise: 'P-OPT-IN', stack: 'eu-replica', change: (t) => {
    setTag(bucket(t, 'advanced-reporting-logs').Properties.Tags, TAG.optIn, undefined);
  } },

  // P-RETENTION
  { name: 'keep device logs for 400 days', promise: 'P-RETENTION', stack: 'eu-data', change: (t) => {
    for (const r of bucket(t, 'device-logs').Properties.LifecycleConfiguration.Rules) if (r.ExpirationInDays) r.ExpirationInDays = 400;
  } },
  { name: 'old versions of incident logs never expire', promise: 'P-RETENTION', stack: 'eu-data', change: (t) => {
    for (const r of bucket(t, 'incident-logs').Properties.LifecycleConfiguration.Rules) delete r.NoncurrentVersionExpiration;
  } },
  { name: 'access-log expiry limited to one prefix', promise: 'P-RETENTION', stack: 'eu-replica', change: (t) => {
    for (const r of bucket(t, 'access-logs').Properties.LifecycleConfiguration.Rules) if (r.ExpirationInDays) r.Prefix = 'tenants/';
  } },
  { name: 'log group kept forever', promise: 'P-RETENTION', stack: 'eu-network', change: (t) => {
    delete anyLogGroup(t).Properties.RetentionInDays;
  } },
  { name: 'log group kept a year', promise: 'P-RETENTION', stack: 'eu-tenant-lifecycle', change: (t) => {
    anyLogGroup(t).Properties.RetentionInDays = 365;
  } },
  { name: 'support-grants table declares `undefinedd`', promise: 'P-RETENTION', stack: 'eu-data', change: (t) => {
    tableTag(table(t, 'support-grants'), TAG.retention, 'undefinedd');
  } },
  { name: 'handler logs into the group Lambda creates itself', promise: 'P-RETENTION', stack: 'eu-data-rights', change: (t) => {
    delete one(t, 'AWS::Lambda::Function').Properties.LoggingConfig;
  } },
  { name: 'default-SG provider logs into the group Lambda creates itself', promise: 'P-RETENTION', stack: 'eu-network', change: (t) => {
    delete one(t, 'AWS::Lambda::Function').Properties.LoggingConfig;
  } },

  // P-DELETE-ON-TERMINATION
  { name: 'tenant bucket not covered by termination', promise: 'P-DELETE-ON-TERMINATION', stack: 'eu-data', change: (t) => {
    setTag(bucket(t, 'device-logs').Properties.Tags, TAG.deletedBy, undefined);
  } },
  { name: 'tenant table not covered by termination', promise: 'P-DELETE-ON-TERMINATION', stack: 'eu-data', change: (t) => {
    tableTag(table(t, 'device-metadata'), TAG.deletedBy, undefined);
  } },
  { name: 'tenant replica bucket not covered by termination', promise: 'P-DELETE-ON-TERMINATION', stack: 'eu-replica', change: (t) => {
    setTag(bucket(t, 'config-backups').Properties.Tags, TAG.deletedBy, undefined);
  } },

  // P-RESILIENCE
  { name: 'move old device logs to One Zone-IA', promise: 'P-RESILIENCE', stack: 'eu-data', change: (t) => {
    bucket(t, 'device-logs').Properties.LifecycleConfiguration.Rules[0].Transitions = [
      { StorageClass: 'ONEZONE_IA', TransitionInDays: 30 },
    ];
  } },
  { name: 'replicate into One Zone-IA', promise: 'P-RESILIENCE', stack: 'eu-data', change: (t) => {
    bucket(t, 'config-backups').Properties.ReplicationConfiguration.Rules[0].Destination.StorageClass = 'ONEZONE_IA';
  } },
  { name: 'point-in-time recovery off in the replica', promise: 'P-RESILIENCE', stack: 'eu-data', change: (t) => {
    table(t, 'tenant-registry').Properties.Replicas[0].PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: false };
  } },
  { name: 'add a One Zone EFS file system', promise: 'P-RESILIENCE', stack: 'eu-data', change: (t) => {
    add(t, 'OneZoneFiles', 'AWS::EFS::FileSystem', { Encrypted: true, KmsKeyId: firstKey(t), AvailabilityZoneName: 'eu-central-1a' });
  } },

  // P-HARDENED-HOSTS
  { name: 'launch template allows IMDSv1', promise: 'P-HARDENED-HOSTS', stack: 'eu-operator-access', change: (t) => {
    one(t, 'AWS::EC2::LaunchTemplate').Properties.LaunchTemplateData.MetadataOptions.HttpTokens = 'optional';
  } },
  { name: 'instance sets IMDSv1 itself, over launch template', promise: 'P-HARDENED-HOSTS', stack: 'eu-operator-access', change: (t) => {
    one(t, 'AWS::EC2::Instance').Properties.MetadataOptions = { HttpTokens: 'optional' };
  } },
  { name: 'instance detached from its launch template', promise: 'P-HARDENED-HOSTS', stack: 'eu-operator-access', change: (t) => {
    delete one(t, 'AWS::EC2::Instance').Properties.LaunchTemplate;
  } },

  // P-MIN-PORTS
  { name: 'open 8080 on the portal to the internet', promise: 'P-MIN-PORTS', stack: 'eu-front-end', change: (t) => {
    frontEndGroup(t).Properties.SecurityGroupIngress.push({ CidrIp: '0.0.0.0/0', FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp' });
  } },
  { name: 'widen the portal ingress to a port range', promise: 'P-MIN-PORTS', stack: 'eu-front-end', change: (t) => {
    frontEndGroup(t).Properties.SecurityGroupIngress[0].ToPort = 444;
  } },
  { name: 'all protocols from ::/0', promise: 'P-MIN-PORTS', stack: 'eu-front-end', change: (t) => {
    frontEndGroup(t).Properties.SecurityGroupIngress.push({ CidrIpv6: '::/0', IpProtocol: '-1' });
  } },
  { name: 'host SSH from the internet on the bastion', promise: 'P-MIN-PORTS', stack: 'eu-operator-access', change: (t) => {
    add(t, 'DebugSsh', 'AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-1',
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '0.0.0.0/0',
    });
  } },

  // P-OPERATOR-ACCESS
  { name: 'VPN authenticates by directory, not certificates', promise: 'P-OPERATOR-ACCESS', stack: 'eu-operator-access', change: (t) => {
    one(t, 'AWS::EC2::ClientVpnEndpoint').Properties.AuthenticationOptions = [
      { Type: 'directory-service-authentication', ActiveDirectory: { DirectoryId: 'd-1' } },
    ];
  } },
  { name: 'VPN connection logging off', promise: 'P-OPERATOR-ACCESS', stack: 'eu-operator-access', change: (t) => {
    one(t, 'AWS::EC2::ClientVpnEndpoint').Properties.ConnectionLogOptions = { Enabled: false };
  } },
  { name: 'bastion SSH from a public office range', promise: 'P-OPERATOR-ACCESS', stack: 'eu-operator-access', change: (t) => {
    add(t, 'OfficeSsh', 'AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-1',
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '203.0.113.0/24',
    });
  } },

  // P-DEVICE-OUTBOUND
  { name: 'bastion may open SSH to the internet', promise: 'P-DEVICE-OUTBOUND', stack: 'eu-operator-access', change: (t) => {
    bastionGroup(t).Properties.SecurityGroupEgress.push({ CidrIp: '0.0.0.0/0', FromPort: 22, ToPort: 22, IpProtocol: 'tcp' });
  } },
  { name: 'VPN group loses its inline egress: AWS allows all', promise: 'P-DEVICE-OUTBOUND', stack: 'eu-operator-access', change: (t) => {
    delete vpnGroup(t).Properties.SecurityGroupEgress;
  } },
  { name: 'NETCONF to devices over IPv6', promise: 'P-DEVICE-OUTBOUND', stack: 'eu-front-end', change: (t) => {
    add(t, 'Netconf', 'AWS::EC2::SecurityGroupEgress', {
      GroupId: 'sg-1',
      IpProtocol: 'tcp',
      FromPort: 830,
      ToPort: 830,
      CidrIpv6: '::/0',
    });
  } },
  { name: 'endpoint group allows all traffic out', promise: 'P-DEVICE-OUTBOUND', stack: 'eu-network', change: (t) => {
    one(t, 'AWS::EC2::SecurityGroup').Properties.SecurityGroupEgress = [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }];
  } },

  // P-PORTAL-MFA
  { name: 'portal MFA off', promise: 'P-PORTAL-MFA', stack: 'eu-portal-users', change: (t) => {
    one(t, 'AWS::Cognito::UserPool').Properties.MfaConfiguration = 'OFF';
  } },
  { name: 'portal MFA by SMS only', promise: 'P-PORTAL-MFA', stack: 'us-portal-users', change: (t) => {
    one(t, 'AWS::Cognito::UserPool').Properties.EnabledMfas = ['SMS_MFA'];
  } },

  // P-TENANT-ISOLATION
  { name: 'tenant table partitioned by device', promise: 'P-TENANT-ISOLATION', stack: 'eu-data', change: (t) => {
    table(t, 'device-metadata').Properties.KeySchema[0].AttributeName = 'deviceId';
  } },

  // P-SUPPORT-CONSENT
  { name: 'support role trusts the whole account', promise: 'P-SUPPORT-CONSENT', stack: 'eu-data-rights', change: (t) => {
    supportRole(t).Properties.AssumeRolePolicyDocument.Statement[0].Principal = { AWS: 'arn:aws:iam::111111111111:root' };
  } },
  { name: 'support role assumable without a tenant session tag', promise: 'P-SUPPORT-CONSENT', stack: 'eu-data-rights', change: (t) => {
    for (const s of supportRole(t).Properties.AssumeRolePolicyDocument.Statement) { s.Action = 'sts:AssumeRole'; delete s.Condition; }
  } },
  { name: 'support role gets an AWS-managed read policy', promise: 'P-SUPPORT-CONSENT', stack: 'eu-data-rights', change: (t) => {
    supportRole(t).Properties.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'];
  } },
  { name: 'support role reads every object, not only its tenant\'s', promise: 'P-SUPPORT-CONSENT', stack: 'eu-data-rights', change: (t) => {
    supportRole(t).Properties.Policies = [
      {
        PolicyName: 'debug',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      },
    ];
  } },
  {
    name: 'support role reads its session tenant without any grant (a standing scoped policy)',
    promise: 'P-SUPPORT-CONSENT',
    stack: 'eu-data-rights',
    change: (t) => {
      const scope = t.Resources[supportRole(t).Properties.PermissionsBoundary.Ref];
      const always = JSON.parse(JSON.stringify(scope.Properties.PolicyDocument));
      supportRole(t).Properties.Policies = [{ PolicyName: 'always', PolicyDocument: always }];
    },
  },
  {
    name: 'support role\'s boundary widened to every tenant\'s objects',
    promise: 'P-SUPPORT-CONSENT',
    stack: 'eu-data-rights',
    change: (t) => {
      const scope = t.Resources[supportRole(t).Properties.PermissionsBoundary.Ref];
      scope.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/tenants/*' });
    },
  },

  // P-PURPOSE
  { name: 'device-log bucket stops recording access', promise: 'P-PURPOSE', stack: 'eu-data', change: (t) => {
    delete bucket(t, 'device-logs').Properties.LoggingConfiguration;
  } },
  { name: 'replica bucket stops recording access', promise: 'P-PURPOSE', stack: 'us-replica', change: (t) => {
    delete bucket(t, 'incident-logs').Properties.LoggingConfiguration;
  } },
];
