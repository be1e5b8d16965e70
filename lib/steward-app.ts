import { Aspects, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { JurisdictionConfig, StewardConfig } from './config/types';
import { JurisdictionDataStack } from './stacks/jurisdiction-data-stack';
import { JurisdictionReplicaStack } from './stacks/jurisdiction-replica-stack';

/** The stacks of one jurisdiction. */
export interface JurisdictionStacks {
  readonly jurisdiction: JurisdictionConfig;
  readonly replica: JurisdictionReplicaStack;
  readonly data: JurisdictionDataStack;
}

export interface StewardAppOptions {
  /**
   * Run the cdk-nag packs over every stack.
   * @default true
   */
  readonly nag?: boolean;
}

/** Adds every jurisdiction's stacks to the app, from an already validated configuration. */
export function buildStewardApp(app: App, config: StewardConfig, options: StewardAppOptions = {}): JurisdictionStacks[] {
  const built = config.jurisdictions.map((jurisdiction) => {
    const common = { appName: config.appName, jurisdiction };
    const prefix = `${config.appName}-${jurisdiction.id}`;
    const replica = new JurisdictionReplicaStack(app, `${prefix}-replica`, {
      ...common,
      description: `${jurisdiction.displayName}: replicas in ${jurisdiction.replicaRegion}`,
    });
    const data = new JurisdictionDataStack(app, `${prefix}-data`, {
      ...common,
      description: `${jurisdiction.displayName}: data stores in ${jurisdiction.primaryRegion}`,
    });
    // Replication rules name the replica buckets and keys, so those must exist first.
    data.addStackDependency(replica);
    return { jurisdiction, replica, data };
  });
  if (options.nag !== false) {
    Aspects.of(app).add(new AwsSolutionsChecks({ reports: true, verbose: true }));
  }
  return built;
}
