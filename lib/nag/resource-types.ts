/**
 * Every CloudFormation resource type the promise pack knows, and whether a resource of it can hold
 * data (stored records, messages, files, logs, secrets, backups). The pack is closed-world: a type
 * missing here fails synth, and so does a data-holding type that no rule judges, until a rule
 * that judges it is added (P-METADATA-ONLY-ResourceTypeKnownToPack).
 */
export interface KnownResourceType {
  /** True when a resource of the type stores data a promise is about. */
  readonly holdsData: boolean;
  /**
   * Rule ids (without the pack prefix) that judge the type's data; required when it holds data.
   * @default none
   */
  readonly judgedBy?: readonly string[];
}

const STORE_CMK = 'P-ENCRYPT-REST-StoreEncryptedWithCmk';
const noData: KnownResourceType = { holdsData: false };
const judged = (...ids: string[]): KnownResourceType => ({ holdsData: true, judgedBy: ids });

export const KNOWN_RESOURCE_TYPES: Readonly<Record<string, KnownResourceType>> = {
  // Stores of the data inventory.
  'AWS::S3::Bucket': judged(
    'P-ENCRYPT-REST-BucketEncryptedWithCmk',
    'P-METADATA-ONLY-StoreDeclaresDataClass',
    'P-RETENTION-BucketExpiresWithinRetention',
  ),
  'AWS::DynamoDB::Table': judged('P-ENCRYPT-REST-TableEncryptedWithCmk', 'P-METADATA-ONLY-StoreDeclaresDataClass'),
  'AWS::DynamoDB::GlobalTable': judged('P-ENCRYPT-REST-TableEncryptedWithCmk', 'P-METADATA-ONLY-StoreDeclaresDataClass'),
  'AWS::Logs::LogGroup': judged('P-ENCRYPT-REST-LogGroupEncryptedWithCmk', 'P-RETENTION-LogGroupRetentionBounded'),
  'AWS::SQS::Queue': judged('P-ENCRYPT-REST-QueueAndTopicEncryptedWithCmk'),
  'AWS::SNS::Topic': judged('P-ENCRYPT-REST-QueueAndTopicEncryptedWithCmk'),
  'AWS::EC2::Volume': judged('P-ENCRYPT-REST-VolumeEncryptedWithCmk'),
  'AWS::EC2::Instance': judged('P-ENCRYPT-REST-VolumeEncryptedWithCmk', 'P-HARDENED-HOSTS-InstanceRequiresImdsv2'),
  'AWS::EC2::LaunchTemplate': judged('P-ENCRYPT-REST-VolumeEncryptedWithCmk', 'P-HARDENED-HOSTS-InstanceRequiresImdsv2'),
  'AWS::AutoScaling::LaunchConfiguration': judged('P-ENCRYPT-REST-VolumeEncryptedWithCmk', 'P-HARDENED-HOSTS-InstanceRequiresImdsv2'),
  'AWS::Cognito::UserPool': judged('P-PORTAL-MFA-UserPoolOffersMfa'),
  // Stores the app does not use today; each is judged before it may appear.
  'AWS::EFS::FileSystem': judged(STORE_CMK, 'P-RESILIENCE-NoSingleAzStorage'),
  'AWS::RDS::DBCluster': judged(STORE_CMK),
  'AWS::RDS::DBInstance': judged(STORE_CMK),
  'AWS::Kinesis::Stream': judged(STORE_CMK),
  'AWS::KinesisFirehose::DeliveryStream': judged(STORE_CMK, 'P-RESIDENCY-DestinationsInJurisdiction'),
  'AWS::OpenSearchService::Domain': judged(STORE_CMK),
  'AWS::ElastiCache::ReplicationGroup': judged(STORE_CMK),
  'AWS::ElastiCache::ServerlessCache': judged(STORE_CMK),
  'AWS::SecretsManager::Secret': judged(STORE_CMK),
  'AWS::Backup::BackupVault': judged(STORE_CMK),
  'AWS::StepFunctions::StateMachine': judged(STORE_CMK),
  // Resources that hold no data of their own: keys, identities, policies, compute, network, wiring.
  'AWS::Backup::BackupPlan': noData,
  'AWS::Backup::BackupSelection': noData,
  'AWS::KMS::Key': noData,
  // Delivers into a bucket of the inventory, which is judged as a store; P-PURPOSE-TenantDataAccessTrailed judges the trail.
  'AWS::CloudTrail::Trail': noData,
  'AWS::KMS::Alias': noData,
  'AWS::IAM::Role': noData,
  'AWS::IAM::User': noData,
  'AWS::IAM::Policy': noData,
  'AWS::IAM::ManagedPolicy': noData,
  'AWS::IAM::InstanceProfile': noData,
  'AWS::S3::BucketPolicy': noData,
  'AWS::SQS::QueuePolicy': noData,
  'AWS::SNS::TopicPolicy': noData,
  'AWS::SNS::Subscription': noData,
  'AWS::Lambda::Function': noData,
  'AWS::Lambda::Permission': noData,
  'AWS::Lambda::EventSourceMapping': noData,
  'AWS::Lambda::Url': noData,
  'AWS::Lambda::EventInvokeConfig': noData,
  'AWS::Events::Rule': noData,
  'AWS::Scheduler::Schedule': noData,
  'AWS::CloudWatch::Alarm': noData,
  'AWS::SSM::PatchBaseline': noData,
  'AWS::SSM::MaintenanceWindow': noData,
  'AWS::SSM::MaintenanceWindowTarget': noData,
  'AWS::SSM::MaintenanceWindowTask': noData,
  'AWS::SSM::Association': noData,
  'AWS::AutoScaling::AutoScalingGroup': noData,
  'AWS::EC2::VPC': noData,
  'AWS::EC2::Subnet': noData,
  'AWS::EC2::RouteTable': noData,
  'AWS::EC2::SubnetRouteTableAssociation': noData,
  'AWS::EC2::Route': noData,
  'AWS::EC2::InternetGateway': noData,
  'AWS::EC2::VPCGatewayAttachment': noData,
  'AWS::EC2::VPCEndpoint': noData,
  'AWS::EC2::FlowLog': noData,
  'AWS::EC2::SecurityGroup': noData,
  'AWS::EC2::SecurityGroupIngress': noData,
  'AWS::EC2::SecurityGroupEgress': noData,
  'AWS::EC2::ClientVpnEndpoint': noData,
  'AWS::EC2::ClientVpnTargetNetworkAssociation': noData,
  'AWS::EC2::ClientVpnAuthorizationRule': noData,
  'AWS::EC2::ClientVpnRoute': noData,
  'AWS::EC2::KeyPair': noData,
  'AWS::EC2::EIP': noData,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': noData,
  'AWS::ElasticLoadBalancingV2::Listener': noData,
  'AWS::ElasticLoadBalancingV2::ListenerRule': noData,
  'AWS::ElasticLoadBalancingV2::TargetGroup': noData,
  'AWS::WAFv2::WebACL': noData,
  'AWS::WAFv2::WebACLAssociation': noData,
  'AWS::WAFv2::LoggingConfiguration': noData,
  'AWS::CertificateManager::Certificate': noData,
  'AWS::Cognito::UserPoolClient': noData,
  'AWS::Cognito::UserPoolDomain': noData,
  'AWS::Cognito::UserPoolGroup': noData,
  'AWS::CDK::Metadata': noData,
  'Custom::VpcRestrictDefaultSG': noData,
  'Custom::StewardManagedPrefixLists': noData,
};
