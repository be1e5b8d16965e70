import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, namesAwsManagedKey, renderedProperties, type StewardRule } from '../rule-support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered CloudFormation properties, read by path
type Props = Record<string, any>;

/** For each store type outside S3, DynamoDB, logs, queues and volumes: the key that encrypts it at rest, if a customer-managed one. */
const KEY_OF: Record<string, (p: Props) => unknown> = {
  'AWS::EFS::FileSystem': (p) => (isTrue(p.Encrypted) ? p.KmsKeyId : undefined),
  'AWS::RDS::DBCluster': (p) => (isTrue(p.StorageEncrypted) ? p.KmsKeyId : undefined),
  'AWS::RDS::DBInstance': (p) => (isTrue(p.StorageEncrypted) ? p.KmsKeyId : undefined),
  'AWS::Kinesis::Stream': (p) => (p.StreamEncryption?.EncryptionType === 'KMS' ? p.StreamEncryption.KeyId : undefined),
  'AWS::KinesisFirehose::DeliveryStream': (p) =>
    p.DeliveryStreamEncryptionConfigurationInput?.KeyType === 'CUSTOMER_MANAGED_CMK'
      ? p.DeliveryStreamEncryptionConfigurationInput.KeyARN
      : undefined,
  'AWS::OpenSearchService::Domain': (p) => (isTrue(p.EncryptionAtRestOptions?.Enabled) ? p.EncryptionAtRestOptions.KmsKeyId : undefined),
  'AWS::ElastiCache::ReplicationGroup': (p) => (isTrue(p.AtRestEncryptionEnabled) ? p.KmsKeyId : undefined),
  'AWS::ElastiCache::ServerlessCache': (p) => p.KmsKeyId,
  'AWS::SecretsManager::Secret': (p) => p.KmsKeyId,
  'AWS::Backup::BackupVault': (p) => p.EncryptionKeyArn,
  'AWS::StepFunctions::StateMachine': (p) =>
    p.EncryptionConfiguration?.Type === 'CUSTOMER_MANAGED_KMS_KEY' ? p.EncryptionConfiguration.KmsKeyId : undefined,
};

/** The store types this rule judges. */
export const STORE_TYPES_ENCRYPTED_WITH_CMK = Object.keys(KEY_OF);

/**
 * File systems, databases, streams, search domains, caches, secrets, backup vaults and workflow
 * histories are encrypted at rest with a customer-managed key (not the AWS-owned or AWS-managed one).
 */
export const storeEncryptedWithCmk: StewardRule = {
  id: 'P-ENCRYPT-REST-StoreEncryptedWithCmk',
  promise: 'P-ENCRYPT-REST',
  scope: {
    judges: `The rendered encryption settings of ${STORE_TYPES_ENCRYPTED_WITH_CMK.join(', ')}.`,
    cannot:
      'Whether a key named by ARN from another stack is customer-managed, and data a service copies elsewhere (snapshots exported by ' +
      'hand).',
  },
  info: 'P-ENCRYPT-REST: the store is not encrypted at rest with a customer-managed KMS key.',
  explanation:
    'Every store is encrypted with a customer-managed key: EFS Encrypted+KmsKeyId, RDS StorageEncrypted+KmsKeyId, Kinesis ' +
    'KMS with a KeyId, Firehose CUSTOMER_MANAGED_CMK, OpenSearch and ElastiCache at-rest encryption with a KmsKeyId, a ' +
    "secret's KmsKeyId, a backup vault's EncryptionKeyArn, a state machine's CUSTOMER_MANAGED_KMS_KEY; none may name an " +
    'AWS-managed key (alias/aws/..., also as an alias ARN).',
  check: (node: CfnResource) => {
    const keyOf = KEY_OF[node.cfnResourceType];
    if (!keyOf) return NagRuleCompliance.NOT_APPLICABLE;
    const props = renderedProperties(node);
    // An RDS instance of a cluster stores nothing of its own; the cluster is judged.
    if (node.cfnResourceType === 'AWS::RDS::DBInstance' && props.DBClusterIdentifier !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const key = keyOf(props);
    return key !== undefined && !namesAwsManagedKey(node, key) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
