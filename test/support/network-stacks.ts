import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { ResolvedJurisdiction } from '../../lib/config/resolved';
import type { JurisdictionConfig } from '../../lib/config/types';
import { JurisdictionFrontEndStack } from '../../lib/stacks/jurisdiction-front-end-stack';
import { JurisdictionNetworkStack } from '../../lib/stacks/jurisdiction-network-stack';
import { JurisdictionOperatorAccessStack } from '../../lib/stacks/jurisdiction-operator-access-stack';
import { JurisdictionPortalUsersStack } from '../../lib/stacks/jurisdiction-portal-users-stack';
import { newTestApp, resolveJurisdiction } from './app';

/**
 * The four network-branch stacks of one jurisdiction, without the data stacks: a one-key stack
 * stands in for the data stack's operational-logs key and tenant registry, so these tests synthesize little.
 */
export function buildNetworkStacks(written: JurisdictionConfig, appName = 'steward') {
  return buildResolvedNetworkStacks(resolveJurisdiction(written, appName), appName);
}

/** The same stacks from a jurisdiction that did not go through validation, to test the stacks' own guards. */
export function buildResolvedNetworkStacks(jurisdiction: ResolvedJurisdiction, appName = 'steward') {
  const app = newTestApp();
  const common = { appName, jurisdiction };
  const env = { region: jurisdiction.primaryRegion, account: jurisdiction.account };
  const keys = new Stack(app, 'Keys', { env });
  const operationalLogsKey = new kms.Key(keys, 'OperationalLogs', { enableKeyRotation: true });
  const network = new JurisdictionNetworkStack(app, 'Network', { ...common, operationalLogsKey });
  const operatorAccess = new JurisdictionOperatorAccessStack(app, 'OperatorAccess', {
    ...common,
    vpc: network.vpc,
    endpoints: network.endpoints,
    patching: network.patching,
    operationalLogsKey,
  });
  const frontEnd = new JurisdictionFrontEndStack(app, 'FrontEnd', { ...common, vpc: network.vpc, operationalLogsKey });
  const registryKey = new kms.Key(keys, 'RegistryKey', { enableKeyRotation: true });
  const registryTable = new dynamodb.TableV2(keys, 'Registry', {
    partitionKey: { name: 'tenantId', type: dynamodb.AttributeType.STRING },
    encryption: dynamodb.TableEncryptionV2.customerManagedKey(registryKey),
  });
  const portalUsers = new JurisdictionPortalUsersStack(app, 'PortalUsers', {
    ...common, registryTable, registryKey, operationalLogsKey, handlerNetwork: network.handlerNetwork,
  });
  return { app, network, operatorAccess, frontEnd, portalUsers };
}
