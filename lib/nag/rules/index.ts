import type { StewardRule } from '../rule-support';
import { bucketDeniesInsecureTransport } from './bucket-denies-insecure-transport';
import { bucketEncryptedWithCmk } from './bucket-encrypted-with-cmk';
import { bucketExpiresWithinRetention } from './bucket-expires-within-retention';
import { clientVpnMutualTlsAndLogging } from './client-vpn-mutual-tls-and-logging';
import { configCacheExpiresWithinADay } from './config-cache-expires-within-a-day';
import { configCacheInNoBackupPlan } from './config-cache-in-no-backup-plan';
import { dataBucketAccessLogged } from './data-bucket-access-logged';
import { destinationsInJurisdiction } from './destinations-in-jurisdiction';
import { instanceRequiresImdsv2 } from './instance-requires-imdsv2';
import { internetIngressOnDeclaredPorts } from './internet-ingress-on-declared-ports';
import { keyRotationEnabled } from './key-rotation-enabled';
import { listenerUsesTls } from './listener-uses-tls';
import { logGroupEncryptedWithCmk } from './log-group-encrypted-with-cmk';
import { logGroupRetentionBounded } from './log-group-retention-bounded';
import { noInternetHostSsh } from './no-internet-host-ssh';
import { noSingleAzStorage } from './no-single-az-storage';
import { optInStoreDeclared } from './opt-in-store-declared';
import { queueAndTopicEncryptedWithCmk } from './queue-and-topic-encrypted-with-cmk';
import { replicatedClassReplicates } from './replicated-class-replicates';
import { replicationInJurisdiction } from './replication-in-jurisdiction';
import { sshOnlyFromVpnOrBastion } from './ssh-only-from-vpn-or-bastion';
import { stackRegionInJurisdiction } from './stack-region-in-jurisdiction';
import { storeDeclaresDataClass } from './store-declares-data-class';
import { functionLogsToDeclaredGroup } from './function-logs-to-declared-group';
import { noManagementEgressToDevices } from './no-management-egress-to-devices';
import { noStandingHumanDataAccess } from './no-standing-human-data-access';
import { passwordPolicyStrong } from './password-policy-strong';
import { policiesGrantOnlyOwnAccount } from './policies-grant-only-own-account';
import { resourcePoliciesDelegateToIam } from './resource-policies-delegate-to-iam';
import { resourceTypeKnownToPack } from './resource-type-known-to-pack';
import { storeDeclaresRetention } from './store-declares-retention';
import { storeEncryptedWithCmk } from './store-encrypted-with-cmk';
import { supportRoleScopedToTenant } from './support-role-scoped-to-tenant';
import { tableEncryptedWithCmk } from './table-encrypted-with-cmk';
import { tablePointInTimeRecovery } from './table-point-in-time-recovery';
import { tableReplicasInJurisdiction } from './table-replicas-in-jurisdiction';
import { tenantDataAccessTrailed } from './tenant-data-access-trailed';
import { tenantStoreCovered } from './tenant-store-covered';
import { tenantTablePartitionedByTenant } from './tenant-table-partitioned-by-tenant';
import { userPoolOffersMfa } from './user-pool-offers-mfa';
import { vpcSpansThreeZones } from './vpc-spans-three-zones';
import { roleBoundToJurisdiction } from './role-bound-to-jurisdiction';
import { volumeEncryptedWithCmk } from './volume-encrypted-with-cmk';
import { endpointPolicyOwnAccount } from './endpoint-policy-own-account';
import { functionInVpc } from './function-in-vpc';
import { noEgressToInternet } from './no-egress-to-internet';

/** Every rule of the SecuritySummaryChecks pack, in promise order. */
export const STEWARD_RULES: readonly StewardRule[] = [
  stackRegionInJurisdiction,
  replicationInJurisdiction,
  tableReplicasInJurisdiction,
  roleBoundToJurisdiction,
  destinationsInJurisdiction,
  bucketEncryptedWithCmk,
  tableEncryptedWithCmk,
  logGroupEncryptedWithCmk,
  volumeEncryptedWithCmk,
  queueAndTopicEncryptedWithCmk,
  storeEncryptedWithCmk,
  keyRotationEnabled,
  bucketDeniesInsecureTransport,
  listenerUsesTls,
  storeDeclaresDataClass,
  resourceTypeKnownToPack,
  configCacheExpiresWithinADay,
  configCacheInNoBackupPlan,
  optInStoreDeclared,
  storeDeclaresRetention,
  bucketExpiresWithinRetention,
  logGroupRetentionBounded,
  functionLogsToDeclaredGroup,
  tenantStoreCovered,
  noSingleAzStorage,
  replicatedClassReplicates,
  tablePointInTimeRecovery,
  vpcSpansThreeZones,
  instanceRequiresImdsv2,
  internetIngressOnDeclaredPorts,
  noInternetHostSsh,
  sshOnlyFromVpnOrBastion,
  clientVpnMutualTlsAndLogging,
  noManagementEgressToDevices,
  userPoolOffersMfa,
  passwordPolicyStrong,
  tenantTablePartitionedByTenant,
  policiesGrantOnlyOwnAccount,
  supportRoleScopedToTenant,
  functionInVpc,
  endpointPolicyOwnAccount,
  noEgressToInternet,
  resourcePoliciesDelegateToIam,
  noStandingHumanDataAccess,
  dataBucketAccessLogged,
  tenantDataAccessTrailed,
];
