import type { StewardRule } from '../rule-support';
import { bucketDeniesInsecureTransport } from './bucket-denies-insecure-transport';
import { bucketEncryptedWithCmk } from './bucket-encrypted-with-cmk';
import { bucketExpiresWithinRetention } from './bucket-expires-within-retention';
import { clientVpnMutualTlsAndLogging } from './client-vpn-mutual-tls-and-logging';
import { configCacheExpiresWithinADay } from './config-cache-expires-within-a-day';
import { dataBucketAccessLogged } from './data-bucket-access-logged';
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
import { replicationInJurisdiction } from './replication-in-jurisdiction';
import { sshOnlyFromPrivateNetworks } from './ssh-only-from-private-networks';
import { stackRegionInJurisdiction } from './stack-region-in-jurisdiction';
import { storeDeclaresDataClass } from './store-declares-data-class';
import { functionLogsToDeclaredGroup } from './function-logs-to-declared-group';
import { noManagementEgressToDevices } from './no-management-egress-to-devices';
import { resourceTypeKnownToPack } from './resource-type-known-to-pack';
import { storeDeclaresRetention } from './store-declares-retention';
import { storeEncryptedWithCmk } from './store-encrypted-with-cmk';
import { supportRoleScopedToTenant } from './support-role-scoped-to-tenant';
import { tableEncryptedWithCmk } from './table-encrypted-with-cmk';
import { tablePointInTimeRecovery } from './table-point-in-time-recovery';
import { tableReplicasInJurisdiction } from './table-replicas-in-jurisdiction';
import { tenantStoreCovered } from './tenant-store-covered';
import { tenantTablePartitionedByTenant } from './tenant-table-partitioned-by-tenant';
import { userPoolOffersMfa } from './user-pool-offers-mfa';
import { volumeEncryptedWithCmk } from './volume-encrypted-with-cmk';

/** Every rule of the SecuritySummaryChecks pack, in promise order. */
export const STEWARD_RULES: readonly StewardRule[] = [
  stackRegionInJurisdiction,
  replicationInJurisdiction,
  tableReplicasInJurisdiction,
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
  optInStoreDeclared,
  storeDeclaresRetention,
  bucketExpiresWithinRetention,
  logGroupRetentionBounded,
  functionLogsToDeclaredGroup,
  tenantStoreCovered,
  noSingleAzStorage,
  tablePointInTimeRecovery,
  instanceRequiresImdsv2,
  internetIngressOnDeclaredPorts,
  noInternetHostSsh,
  sshOnlyFromPrivateNetworks,
  clientVpnMutualTlsAndLogging,
  noManagementEgressToDevices,
  userPoolOffersMfa,
  tenantTablePartitionedByTenant,
  supportRoleScopedToTenant,
  dataBucketAccessLogged,
];
