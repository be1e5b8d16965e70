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
const trail = (t: Template) => one(t, 'AWS::CloudTrail::Trail');
/** The trail's advanced selector of management events (`Management`) or of one data resource type. */
const selector = (r: Resource, kind: string) => {
  const found = (r.Properties.AdvancedEventSelectors as { FieldSelectors: any[] }[])
    .find((s) => s.FieldSelectors.some((f) => f.Equals?.includes(kind)));
  if (!found) throw new Error(`catalogue: the trail has no selector of ${kind}`);
  return found;
};
const frontEndGroup = (t: Template) => one(t, 'AWS::EC2::SecurityGroup', idHas('Portal'));
const bastionGroup = (t: Template) => one(t, 'AWS::EC2::SecurityGroup', idHas('Bastion'));
const vpnGroup = (t: Template) => one(t, 'AWS::EC2::SecurityGroup', idHas('Vpn'));
const endpoint = (t: Template, name: string) => one(t, 'AWS::EC2::VPCEndpoint', idHas(`Vpc${name}`));
/** Every termination function's catalogue parts (the Fn::Join list of STORE_CATALOG). */
const catalogueParts = (t: Template): unknown[][] =>
  Object.values(t.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.STORE_CATALOG)
    .map((r) => r.Properties.Environment.Variables.STORE_CATALOG['Fn::Join'][1]);
/** Drops from the termination catalogue every part that mentions `needle` (a store's logical id or name), leaving the JSON around it. */
const dropFromCatalogue = (t: Template, needle: string) => {
  const parts = catalogueParts(t);
  if (parts.length === 0 || !parts.every((p) => p.some((x) => JSON.stringify(x).includes(needle)))) {
    throw new Error(`catalogue: no termination catalogue names ${needle}`);
  }
  for (const p of parts) p.forEach((x, i) => { if (typeof x !== 'string' && JSON.stringify(x).includes(needle)) p[i] = ''; });
};
const writeGuard = (doc: { Statement: any[] }) => {
  const s = doc.Statement.find((x) => x.Sid === 'DenyWritesExceptOptInWriters');
  if (!s) throw new Error('catalogue: no write guard in the policy');
  return s;
};
const OWN_ROOT = { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] };
const SSO_PROVIDER = 'arn:aws:iam::111111111111:saml-provider/sso';
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
  { name: 'permissions boundary deleted from the support role', promise: 'P-RESIDENCY', stack: 'eu-data-rights', change: (t) => {
    delete supportRole(t).Properties.PermissionsBoundary;
  } },
  { name: 'jurisdiction boundary widened to us-east-1', promise: 'P-RESIDENCY', stack: 'eu-tenant-lifecycle', change: (t) => {
    const boundary = one(t, 'AWS::IAM::ManagedPolicy', idHas('JurisdictionBoundary'));
    for (const st of boundary.Properties.PolicyDocument.Statement) {
      if (st.Effect === 'Deny') st.Condition.StringNotEquals['aws:RequestedRegion'].push('us-east-1');
    }
  } },
  { name: 'purge handler pointed at a replica region in the US', promise: 'P-RESIDENCY', stack: 'eu-data-rights', change: (t) => {
    one(t, 'AWS::Lambda::Function', idHas('EarlyLogPurge')).Properties.Environment.Variables.REPLICA_REGION = 'us-east-1';
  } },
  { name: 'handler given a partner bucket by a name that hides its region',
    promise: 'P-RESIDENCY', stack: 'eu-data-rights', change: (t) => {
    one(t, 'AWS::Lambda::Function', idHas('TenantExport')).Properties.Environment.Variables.EXPORTS_BUCKET = 'partner-exports';
  } },
  { name: 'add a Firehose stream shipping device logs to an HTTP endpoint', promise: 'P-RESIDENCY', stack: 'eu-data', change: (t) => {
    add(t, 'LogShipping', 'AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: firstKey(t) },
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://logs.example.com' },
        S3Configuration: {
          BucketARN: 'arn:aws:s3:::steward-eu-device-logs-111111111111-eu-central-1',
          RoleARN: 'arn:aws:iam::111111111111:role/r',
        },
      },
    });
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
  { name: 'termination history back on the AWS-owned key', promise: 'P-ENCRYPT-REST', stack: 'eu-tenant-lifecycle', change: (t) => {
    delete one(t, 'AWS::StepFunctions::StateMachine').Properties.EncryptionConfiguration;
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

  // P-JIT-CACHE (backups)
  { name: 'add a backup plan that selects every bucket', promise: 'P-JIT-CACHE', stack: 'eu-data', change: (t) => {
    add(t, 'Plan', 'AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: 'all', BackupPlanRule: [] } });
    add(t, 'Everything', 'AWS::Backup::BackupSelection', {
      BackupPlanId: { Ref: 'Plan' },
      BackupSelection: { SelectionName: 'all-buckets', IamRoleArn: 'arn:aws:iam::111111111111:role/backup', Resources: ['arn:aws:s3:::*'] },
    });
  } },
  { name: 'add a backup selection by the jurisdiction tag, which the cache carries too',
    promise: 'P-JIT-CACHE', stack: 'eu-data', change: (t) => {
    add(t, 'Plan', 'AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: 'eu', BackupPlanRule: [] } });
    add(t, 'EuStores', 'AWS::Backup::BackupSelection', {
      BackupPlanId: { Ref: 'Plan' },
      BackupSelection: {
        SelectionName: 'eu', IamRoleArn: 'arn:aws:iam::111111111111:role/backup',
        ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: TAG.jurisdiction, ConditionValue: 'eu' }],
      },
    });
  } },

  // P-OPT-IN
  { name: 'opt-in bucket labelled as not opt-in', promise: 'P-OPT-IN', stack: 'eu-data', change: (t) => {
    setTag(bucket(t, 'config-backups').Properties.Tags, TAG.optIn, 'false');
  } },
  { name: 'opt-in replica bucket without its opt-in tag', promise: 'P-OPT-IN', stack: 'eu-replica', change: (t) => {
    setTag(bucket(t, 'advanced-reporting-logs').Properties.Tags, TAG.optIn, undefined);
  } },
  { name: 'write guard dropped from the config-backups bucket policy, tags untouched',
    promise: 'P-OPT-IN', stack: 'eu-data', change: (t) => {
    const doc = bucketPolicyOf(t, 'config-backups').Properties.PolicyDocument;
    doc.Statement = doc.Statement.filter((x: any) => x !== writeGuard(doc));
  } },
  { name: 'write guard of a replica opt-in bucket excepts every role of the account',
    promise: 'P-OPT-IN', stack: 'eu-replica', change: (t) => {
    writeGuard(bucketPolicyOf(t, 'provisioning-templates').Properties.PolicyDocument).Condition.ArnNotEquals['aws:PrincipalArn'] =
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/*']] };
  } },
  { name: 'write guard narrowed to requests from one VPC', promise: 'P-OPT-IN', stack: 'eu-data', change: (t) => {
    const guard = writeGuard(bucketPolicyOf(t, 'advanced-reporting-logs').Properties.PolicyDocument);
    guard.Condition.StringEquals = { 'aws:SourceVpc': 'vpc-1' };
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
  { name: 'device-log bucket, still tagged covered, dropped from the termination catalogue',
    promise: 'P-DELETE-ON-TERMINATION', stack: 'eu-tenant-lifecycle', change: (t) => {
    dropFromCatalogue(t, 'devicelogsBucket');
  } },
  { name: 'device-metadata table, still tagged covered, dropped from the termination catalogue',
    promise: 'P-DELETE-ON-TERMINATION', stack: 'eu-tenant-lifecycle', change: (t) => {
    dropFromCatalogue(t, 'devicemetadataTable');
  } },
  { name: 'replica config-backups bucket, still tagged covered, dropped from the termination catalogue',
    promise: 'P-DELETE-ON-TERMINATION', stack: 'us-tenant-lifecycle', change: (t) => {
    dropFromCatalogue(t, 'steward-us-config-backups');
  } },
  { name: 'tenant registry no longer given to the termination workflow',
    promise: 'P-DELETE-ON-TERMINATION', stack: 'eu-tenant-lifecycle', change: (t) => {
    for (const r of Object.values(t.Resources)) {
      const vars = r.Properties.Environment?.Variables;
      if (vars?.STORE_CATALOG) delete vars.REGISTRY_TABLE;
    }
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
  { name: 'device-log replication rule disabled', promise: 'P-RESILIENCE', stack: 'eu-data', change: (t) => {
    bucket(t, 'device-logs').Properties.ReplicationConfiguration.Rules[0].Status = 'Disabled';
  } },
  { name: 'incident-log replication limited to one tenant prefix', promise: 'P-RESILIENCE', stack: 'us-data', change: (t) => {
    bucket(t, 'incident-logs').Properties.ReplicationConfiguration.Rules[0].Filter = { Prefix: 'tenants/t-1/' };
  } },
  { name: 'replication configuration deleted from the config-backups bucket', promise: 'P-RESILIENCE', stack: 'eu-data', change: (t) => {
    delete bucket(t, 'config-backups').Properties.ReplicationConfiguration;
  } },
  { name: 'device-metadata table loses its replica region', promise: 'P-RESILIENCE', stack: 'eu-data', change: (t) => {
    const r = table(t, 'device-metadata').Properties.Replicas;
    r.splice(r.findIndex((x: any) => x.Region === 'eu-west-1'), 1);
  } },
  { name: 'VPC subnets of the third zone moved into the first', promise: 'P-RESILIENCE', stack: 'eu-network', change: (t) => {
    for (const r of Object.values(t.Resources)) {
      const p = r.Properties;
      if (r.Type === 'AWS::EC2::Subnet' && p.AvailabilityZone === 'eu-central-1c') p.AvailabilityZone = 'eu-central-1a';
    }
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

  { name: 'add an Auto Scaling group launched from a configuration without IMDSv2',
    promise: 'P-HARDENED-HOSTS', stack: 'eu-operator-access', change: (t) => {
    add(t, 'WorkerConfig', 'AWS::AutoScaling::LaunchConfiguration', { ImageId: 'ami-1', InstanceType: 't4g.small' });
    add(t, 'Workers', 'AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '1', MaxSize: '2', LaunchConfigurationName: { Ref: 'WorkerConfig' },
    });
  } },
  { name: 'add an Auto Scaling group from a new launch template that allows IMDSv1',
    promise: 'P-HARDENED-HOSTS', stack: 'eu-operator-access', change: (t) => {
    const lt = one(t, 'AWS::EC2::LaunchTemplate');
    add(t, 'WorkerTemplate', 'AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { ...JSON.parse(JSON.stringify(lt.Properties.LaunchTemplateData)), MetadataOptions: { HttpTokens: 'optional' } },
    });
    add(t, 'Workers', 'AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '1', MaxSize: '2', LaunchTemplate: { LaunchTemplateId: { Ref: 'WorkerTemplate' }, Version: '1' },
    });
  } },

  // P-MIN-PORTS
  { name: 'front end declares and opens 8443, which access.frontEnd.allowedPorts does not list',
    promise: 'P-MIN-PORTS', stack: 'eu-front-end', change: (t, s) => {
    s.internetIngress = [...(s.internetIngress ?? []), { port: 8443, protocol: 'tcp', carries: 'https', purpose: 'second portal' }];
    frontEndGroup(t).Properties.SecurityGroupIngress.push({ CidrIp: '0.0.0.0/0', FromPort: 8443, ToPort: 8443, IpProtocol: 'tcp' });
  } },
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

  { name: 'bastion SSH from the whole VPC range', promise: 'P-OPERATOR-ACCESS', stack: 'eu-operator-access', change: (t) => {
    const group = Object.keys(t.Resources)
      .find((id) => id.startsWith('BastionSecurityGroup') && t.Resources[id].Type === 'AWS::EC2::SecurityGroup')!;
    add(t, 'VpcSsh', 'AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [group, 'GroupId'] }, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.10.0.0/16',
    });
  } },
  { name: 'bastion SSH from the VPC endpoints\' security group', promise: 'P-OPERATOR-ACCESS', stack: 'eu-operator-access', change: (t) => {
    add(t, 'EndpointSsh', 'AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-1', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, SourceSecurityGroupId: 'sg-0123456789abcdef0',
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

  // P-PORTAL-MFA (passwords)
  { name: 'portal passwords may be 8 characters', promise: 'P-PORTAL-MFA', stack: 'eu-portal-users', change: (t) => {
    one(t, 'AWS::Cognito::UserPool').Properties.Policies.PasswordPolicy.MinimumLength = 8;
  } },
  { name: 'portal passwords no longer need symbols', promise: 'P-PORTAL-MFA', stack: 'us-portal-users', change: (t) => {
    one(t, 'AWS::Cognito::UserPool').Properties.Policies.PasswordPolicy.RequireSymbols = false;
  } },
  { name: 'add an IAM console user for the portal administrator', promise: 'P-PORTAL-MFA', stack: 'eu-portal-users', change: (t) => {
    add(t, 'PortalAdmin', 'AWS::IAM::User', { LoginProfile: { Password: 'Initial-Passw0rd!', PasswordResetRequired: true } });
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

  // P-SUPPORT-CONSENT (resource policies and standing access)
  { name: 'incident-log bucket policy grants the support role every tenant\'s objects',
    promise: 'P-SUPPORT-CONSENT', stack: 'eu-data', change: (t) => {
    bucketPolicyOf(t, 'incident-logs').Properties.PolicyDocument.Statement.push({
      Effect: 'Allow', Action: 's3:GetObject', Resource: '*',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/steward-eu-support']] } },
    });
  } },
  { name: 'device-metadata key lets an operators\' role decrypt', promise: 'P-SUPPORT-CONSENT', stack: 'eu-data', change: (t) => {
    const key = one(t, 'AWS::KMS::Key', idHas('devicemetadata'));
    key.Properties.KeyPolicy.Statement.push({
      Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/operators']] } },
    });
  } },
  { name: 'add a read-only role for operators, assumable from the account',
    promise: 'P-SUPPORT-CONSENT', stack: 'eu-data-rights', change: (t) => {
    add(t, 'OperatorsReadOnly', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: OWN_ROOT } }],
      },
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      PermissionsBoundary: supportRole(t).Properties.PermissionsBoundary,
    });
  } },
  { name: 'add a break-glass role for single sign-on users that reads tenant tables',
    promise: 'P-SUPPORT-CONSENT', stack: 'eu-data-rights', change: (t) => {
    add(t, 'BreakGlass', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithSAML', Principal: { Federated: SSO_PROVIDER } }],
      },
      Policies: [{
        PolicyName: 'debug',
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['dynamodb:Query', 'kms:Decrypt'], Resource: '*' }] },
      }],
      PermissionsBoundary: supportRole(t).Properties.PermissionsBoundary,
    });
  } },
  { name: 'add an IAM user for a contractor who reads device logs', promise: 'P-SUPPORT-CONSENT', stack: 'eu-data-rights', change: (t) => {
    add(t, 'Contractor', 'AWS::IAM::User', {
      Policies: [{ PolicyName: 'logs', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] } }],
    });
  } },

  // P-TENANT-ISOLATION (resource policies)
  { name: 'device-log bucket policy lets a partner account read objects', promise: 'P-TENANT-ISOLATION', stack: 'eu-data', change: (t) => {
    bucketPolicyOf(t, 'device-logs').Properties.PolicyDocument.Statement.push(
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:GetObject', Resource: '*' });
  } },
  { name: 'data key lets everyone decrypt, conditioned on the calling account',
    promise: 'P-TENANT-ISOLATION', stack: 'eu-data', change: (t) => {
    one(t, 'AWS::KMS::Key').Properties.KeyPolicy.Statement.push({
      Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': { Ref: 'AWS::AccountId' } } },
    });
  } },
  { name: 'alarm topic policy lets any principal publish', promise: 'P-TENANT-ISOLATION', stack: 'eu-tenant-lifecycle', change: (t) => {
    one(t, 'AWS::SNS::TopicPolicy').Properties.PolicyDocument.Statement.push(
      { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' });
  } },

  // P-TENANT-ISOLATION (the data perimeter)
  { name: 'onboarding handler put back outside the VPC', promise: 'P-TENANT-ISOLATION', stack: 'eu-tenant-lifecycle', change: (t) => {
    delete one(t, 'AWS::Lambda::Function', idHas('Onboarding')).Properties.VpcConfig;
  } },
  { name: 'portal user guard given a VPC but no security group', promise: 'P-TENANT-ISOLATION', stack: 'eu-portal-users', change: (t) => {
    one(t, 'AWS::Lambda::Function', idHas('UserGuard')).Properties.VpcConfig.SecurityGroupIds = [];
  } },
  { name: 'S3 gateway endpoint back on the default full-access policy', promise: 'P-TENANT-ISOLATION', stack: 'eu-network', change: (t) => {
    delete endpoint(t, 'S3').Properties.PolicyDocument;
  } },
  { name: 'KMS endpoint admits principals of any account', promise: 'P-TENANT-ISOLATION', stack: 'eu-network', change: (t) => {
    for (const st of endpoint(t, 'Kms').Properties.PolicyDocument.Statement) delete st.Condition.StringEquals['aws:PrincipalAccount'];
  } },
  { name: 'DynamoDB endpoint reaches tables of any account', promise: 'P-TENANT-ISOLATION', stack: 'eu-network', change: (t) => {
    for (const st of endpoint(t, 'DynamoDb').Properties.PolicyDocument.Statement) delete st.Condition.StringEquals['aws:ResourceAccount'];
  } },
  { name: 'S3 endpoint lets hosts read any bucket by name pattern', promise: 'P-TENANT-ISOLATION', stack: 'eu-network', change: (t) => {
    endpoint(t, 'S3').Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'HostPackagesAndAgent').Resource = 'arn:aws:s3:::*';
  } },
  { name: 'bastion HTTPS back to 0.0.0.0/0', promise: 'P-TENANT-ISOLATION', stack: 'eu-operator-access', change: (t) => {
    bastionGroup(t).Properties.SecurityGroupEgress.push({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' });
  } },
  { name: 'handler group loses its inline egress: AWS allows all', promise: 'P-TENANT-ISOLATION', stack: 'eu-network', change: (t) => {
    delete one(t, 'AWS::EC2::SecurityGroup', idHas('HandlerSecurityGroup')).Properties.SecurityGroupEgress;
  } },

  // P-PURPOSE
  { name: 'device-log bucket stops recording access', promise: 'P-PURPOSE', stack: 'eu-data', change: (t) => {
    delete bucket(t, 'device-logs').Properties.LoggingConfiguration;
  } },
  { name: 'replica bucket stops recording access', promise: 'P-PURPOSE', stack: 'us-replica', change: (t) => {
    delete bucket(t, 'incident-logs').Properties.LoggingConfiguration;
  } },
  { name: 'data access trail no longer records the device-log bucket', promise: 'P-PURPOSE', stack: 'eu-data', change: (t) => {
    const arns = selector(trail(t), 'AWS::S3::Object').FieldSelectors.find((f: any) => f.Field === 'resources.ARN');
    const before = arns.StartsWith.length;
    arns.StartsWith = arns.StartsWith.filter((v: unknown) => !JSON.stringify(v).includes('devicelogsBucket'));
    if (arns.StartsWith.length !== before - 1) throw new Error('catalogue: the trail does not name the device-log bucket');
  } },
  { name: 'data access trail excludes KMS events', promise: 'P-PURPOSE', stack: 'eu-data', change: (t) => {
    selector(trail(t), 'Management').FieldSelectors.push({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] });
  } },
  { name: 'data access trail written unencrypted', promise: 'P-PURPOSE', stack: 'us-data', change: (t) => {
    delete trail(t).Properties.KMSKeyId;
  } },
  { name: 'data access trail records only reads of the tenant tables', promise: 'P-PURPOSE', stack: 'eu-data', change: (t) => {
    selector(trail(t), 'AWS::DynamoDB::Table').FieldSelectors.push({ Field: 'readOnly', Equals: ['true'] });
  } },
  { name: 'replica region left without a data access trail', promise: 'P-PURPOSE', stack: 'us-replica', change: (t) => {
    const id = Object.keys(t.Resources).find((k) => t.Resources[k].Type === 'AWS::CloudTrail::Trail');
    if (!id) throw new Error('catalogue: no trail in the replica stack');
    delete t.Resources[id];
  } },
];
