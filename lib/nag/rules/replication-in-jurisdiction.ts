import type { CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { jurisdictionStampOf } from '../conventions';
import { flattened, regionsIn, resolved, type StewardRule } from '../rule-support';

/**
 * S3 replication rules name their destination region: bucket names end in their region
 * (lib/constructs/naming.ts) and the replica key ARN carries it. Every region named must lie
 * in the jurisdiction, and at least one must be named, so a destination that hides its
 * region fails rather than passes.
 */
export const replicationInJurisdiction: StewardRule = {
  id: 'P-RESIDENCY-ReplicationInJurisdiction',
  promise: 'P-RESIDENCY',
  scope: {
    judges: 'Buckets with ReplicationConfiguration: the regions named by each destination.',
    cannot: 'Destinations whose region cannot be read from the template (they fail), and replication set up outside CloudFormation.',
  },
  info: 'P-RESIDENCY: an S3 replication destination is outside the stack\'s jurisdiction or does not show its region.',
  explanation:
    'Replication copies data to another region; that region must be in the same jurisdiction. The destination bucket ' +
    'name or replica key ARN must name a region, and every region named must be one of the stamped regions.',
  check: (node: CfnResource) => {
    if (!(node instanceof s3.CfnBucket) || node.replicationConfiguration === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const stamp = jurisdictionStampOf(node);
    const config = resolved(node, node.replicationConfiguration) as { rules?: { id?: string; destination?: unknown }[] };
    const findings: string[] = [];
    (config.rules ?? []).forEach((rule, i) => {
      const named = regionsIn(flattened(node, rule.destination));
      const ok = stamp !== undefined && named.length > 0 && named.every((r) => stamp.regions.includes(r));
      if (!ok) findings.push(`rule:${rule.id ?? i}`);
    });
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
