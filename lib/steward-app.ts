import { Aspects, CfnResource, Duration, type App, type Stack, Validations } from 'aws-cdk-lib';
import { PermissionsBoundary } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, HIPAASecurityChecks, type INagLogger, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import type { ResolvedJurisdiction, ResolvedStewardConfig } from './config/resolved';
import { JurisdictionBoundary } from './constructs/jurisdiction-boundary';
import { classifyLogGroups } from './constructs/operational-log-group';
import { jurisdictionStampFrom, stampJurisdiction } from './nag/conventions';
import { CheckovSkips } from './nag/checkov-skips';
import { RenderedTemplateChecks } from './nag/rendered-template-checks';
import { JurisdictionDataRightsStack } from './stacks/jurisdiction-data-rights-stack';
import { JurisdictionDataStack } from './stacks/jurisdiction-data-stack';
import { JurisdictionFrontEndStack } from './stacks/jurisdiction-front-end-stack';
import { JurisdictionNetworkStack } from './stacks/jurisdiction-network-stack';
import { JurisdictionOperatorAccessStack } from './stacks/jurisdiction-operator-access-stack';
import { JurisdictionPortalUsersStack } from './stacks/jurisdiction-portal-users-stack';
import { JurisdictionReplicaStack } from './stacks/jurisdiction-replica-stack';
import { TenantLifecycleStack } from './stacks/tenant-lifecycle-stack';

/** The stacks of one jurisdiction. */
export interface JurisdictionStacks {
  readonly jurisdiction: ResolvedJurisdiction;
  readonly replica: JurisdictionReplicaStack;
  readonly data: JurisdictionDataStack;
  readonly network: JurisdictionNetworkStack;
  readonly operatorAccess: JurisdictionOperatorAccessStack;
  readonly frontEnd: JurisdictionFrontEndStack;
  /** Its `userPool` holds the portal users the termination workflow deletes. */
  readonly portalUsers: JurisdictionPortalUsersStack;
  /** Tenant onboarding and the termination workflow (P-DELETE-ON-TERMINATION). */
  readonly tenantLifecycle: TenantLifecycleStack;
  /** Tenant data rights: purge, export, data-subject requests, support consent, opt-in writes. */
  readonly dataRights: JurisdictionDataRightsStack;
}

export interface StewardAppOptions {
  /**
   * Run the cdk-nag packs over every stack.
   * @default true
   */
  readonly nag?: boolean;
  /**
   * Extra cdk-nag loggers given to every pack (e.g. a NagFindingsRecorder for scripts and tests).
   * @default none
   */
  readonly nagLoggers?: readonly INagLogger[];
}

/** Adds every jurisdiction's stacks to the app, from a validated, resolved configuration (validateConfig / loadConfig). */
export function buildStewardApp(app: App, config: ResolvedStewardConfig, options: StewardAppOptions = {}): JurisdictionStacks[] {
  const built = config.jurisdictions.map((jurisdiction) => {
    const common = { appName: config.appName, jurisdiction };
    const prefix = `${config.appName}-${jurisdiction.id}`;
    const replica = new JurisdictionReplicaStack(app, `${prefix}-replica`, {
      ...common,
      description: `${jurisdiction.displayName}: replicas in ${jurisdiction.replicaRegion}`,
    });
    const data = new JurisdictionDataStack(app, `${prefix}-data`, {
      pitrRecoveryDays: config.termination.pitrRecoveryDays,
      ...common,
      description: `${jurisdiction.displayName}: data stores in ${jurisdiction.primaryRegion}`,
    });
    // Replication rules name the replica buckets and keys, so those must exist first.
    data.addStackDependency(replica);
    const operationalLogsKey = data.keyFor('operational-logs');
    const network = new JurisdictionNetworkStack(app, `${prefix}-network`, {
      ...common,
      operationalLogsKey,
      description: `${jurisdiction.displayName}: VPC, endpoints, flow logs and host patching in ${jurisdiction.primaryRegion}`,
    });
    const operatorAccess = new JurisdictionOperatorAccessStack(app, `${prefix}-operator-access`, {
      ...common,
      vpc: network.vpc,
      endpoints: network.endpoints,
      patching: network.patching,
      operationalLogsKey,
      description: `${jurisdiction.displayName}: operator VPN and bastion in ${jurisdiction.primaryRegion}`,
    });
    const frontEnd = new JurisdictionFrontEndStack(app, `${prefix}-front-end`, {
      ...common,
      vpc: network.vpc,
      operationalLogsKey,
      description: `${jurisdiction.displayName}: internet-facing load balancers in ${jurisdiction.primaryRegion}`,
    });
    const registry = data.tables.get('tenant-registry');
    if (!registry) throw new Error(`data: stack ${data.stackName} lacks the tenant-registry table`);
    const portalUsers = new JurisdictionPortalUsersStack(app, `${prefix}-portal-users`, {
      ...common,
      registryTable: registry.table,
      registryKey: data.keyFor('tenant-registry'),
      operationalLogsKey,
      handlerNetwork: network.handlerNetwork,
      description: `${jurisdiction.displayName}: portal user pool in ${jurisdiction.primaryRegion}`,
    });
    const tenantLifecycle = new TenantLifecycleStack(app, `${prefix}-tenant-lifecycle`, {
      ...common,
      description: `${jurisdiction.displayName}: tenant onboarding and termination in ${jurisdiction.primaryRegion}`,
      data,
      replica,
      handlerNetwork: network.handlerNetwork,
      userPools: [portalUsers.userPool],
      keyDeletionWindowDays: config.termination.keyDeletionWindowDays,
      purgeConcurrency: config.termination.purgeConcurrency,
      shardsPerBucket: config.termination.shardsPerBucket,
      runTimeout: Duration.hours(config.termination.runTimeoutHours),
    });
    const dataRights = new JurisdictionDataRightsStack(app, `${prefix}-data-rights`, {
      ...common,
      description:
        `${jurisdiction.displayName}: tenant data rights (purge, export, data-subject requests, support consent, opt-in) ` +
        `in ${jurisdiction.primaryRegion}`,
      data,
      handlerNetwork: network.handlerNetwork,
      portalUserPool: portalUsers.userPool,
      supportAccess: config.supportAccess,
      exports: config.exports,
    });
    // Last, once every stack of the jurisdiction is complete, so `definesRoles` sees all of them.
    for (const stack of [replica, data, network, operatorAccess, frontEnd, portalUsers, tenantLifecycle, dataRights]) {
      if (definesRoles(stack)) boundToJurisdiction(stack, jurisdiction);
      classifyLogGroups(stack, jurisdiction);
      stampJurisdiction(stack, jurisdictionStampFrom(jurisdiction));
    }
    return { jurisdiction, replica, data, network, operatorAccess, frontEnd, portalUsers, tenantLifecycle, dataRights };
  });
  // checkov reads the same suppression decisions and reasons as cdk-nag, whether or not the packs run.
  Aspects.of(app).add(new CheckovSkips());
  if (options.nag !== false) {
    const packProps = { reports: true, verbose: true, additionalLoggers: [...(options.nagLoggers ?? [])] };
    for (const pack of [
      new AwsSolutionsChecks(packProps),
      new NIST80053R5Checks(packProps),
      new HIPAASecurityChecks(packProps),
      new PCIDSS321Checks(packProps),
    ]) {
      Aspects.of(app).add(pack);
    }
    // The promise pack judges the synthesized templates, after every override, and fails synth.
    Validations.of(app).addPlugins(new RenderedTemplateChecks(options.nagLoggers));
  }
  return built;
}

/**
 * Whether a stack defines any IAM role (including custom-resource provider roles). Stacks are
 * complete when the app is built, so a stack without roles needs no boundary policy.
 */
function definesRoles(stack: Stack): boolean {
  return stack.node.findAll().some((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role');
}

/** Caps every role of a stack to the jurisdiction's regions. */
function boundToJurisdiction(stack: Stack, jurisdiction: ResolvedJurisdiction): void {
  const boundary = new JurisdictionBoundary(stack, 'JurisdictionBoundary', { jurisdiction });
  PermissionsBoundary.of(stack).apply(boundary.policy);
}
