import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { suppress, suppressComplianceRule } from '../nag/suppressions';

/**
 * Services whose endpoints are global (served from one region whatever the caller's), so a
 * region condition cannot apply to them; everything else is denied outside the jurisdiction.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  'iam:*', 'sts:*', 'organizations:*', 'route53:*', 'cloudfront:*', 'support:*', 'health:*',
  'globalaccelerator:*', 's3:ListAllMyBuckets', 's3:GetBucketLocation',
] as const;

export interface JurisdictionBoundaryProps {
  /** The jurisdiction whose regions every role of the stack stays inside. */
  readonly jurisdiction: ResolvedJurisdiction;
}

/**
 * A permissions boundary for every role of a jurisdiction's stacks: whatever a role's own
 * policies grant, it cannot act on a region outside its jurisdiction (P-RESIDENCY at run time,
 * not only at synth). A boundary only caps permissions, so its allow-all grants nothing by itself.
 */
export class JurisdictionBoundary extends Construct {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: JurisdictionBoundaryProps) {
    super(scope, id);
    const { jurisdiction } = props;
    if (jurisdiction.regions.length === 0) {
      throw new Error(`jurisdiction.regions: jurisdiction '${jurisdiction.id}' lists no region`);
    }
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Caps every ${jurisdiction.id} role to the regions of ${jurisdiction.displayName}`,
      statements: [
        new iam.PolicyStatement({
          sid: 'CapOnly',
          actions: ['*'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyOutsideJurisdiction',
          effect: iam.Effect.DENY,
          notActions: [...GLOBAL_SERVICE_ACTIONS],
          resources: ['*'],
          conditions: { StringNotEquals: { 'aws:RequestedRegion': [...jurisdiction.regions] } },
        }),
      ],
    });
    suppress(this.policy, [{ rule: 'AwsSolutions-IAM5', reason: 'boundaryGrantsNothing', appliesTo: ['Action::*', 'Resource::*'] }]);
    for (const rule of ['IAMPolicyNoStatementsWithAdminAccess', 'IAMPolicyNoStatementsWithFullAccess']) {
      suppressComplianceRule(this.policy, rule, 'boundaryGrantsNothing');
    }
  }
}
