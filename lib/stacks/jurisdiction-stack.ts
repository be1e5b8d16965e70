import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import type { StoreNaming } from '../constructs/naming';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';

/** Which of a jurisdiction's two regions a stack is deployed to. */
export type JurisdictionRegion = 'primary' | 'replica';

/**
 * What every per-jurisdiction stack shares: its environment is pinned to the jurisdiction's
 * account and to its primary or replica region, taken from the resolved configuration and never
 * from the caller (JurisdictionStackProps omits `env`), so no stack of a jurisdiction can be
 * deployed outside it (P-RESIDENCY); and the names its physical names derive from.
 */
export abstract class JurisdictionStack extends Stack {
  /** The jurisdiction the stack serves. */
  readonly jurisdiction: ResolvedJurisdiction;
  /** App and jurisdiction names, from which bucket names, key aliases and role patterns derive. */
  readonly naming: StoreNaming;

  protected constructor(scope: Construct, id: string, props: JurisdictionStackProps, region: JurisdictionRegion = 'primary') {
    const { jurisdiction } = props;
    super(scope, id, {
      ...props,
      env: { region: region === 'primary' ? jurisdiction.primaryRegion : jurisdiction.replicaRegion, account: jurisdiction.account },
    });
    this.jurisdiction = jurisdiction;
    this.naming = { appName: props.appName, jurisdictionId: jurisdiction.id };
  }
}
