import type { CfnResource } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { NagRuleCompliance } from 'cdk-nag';
import { jurisdictionStampOf } from '../conventions';
import { resolvedList, type StewardRule } from '../rule-support';

/** Every replica of a DynamoDB global table is in the stack's jurisdiction. */
export const tableReplicasInJurisdiction: StewardRule = {
  id: 'P-RESIDENCY-TableReplicasInJurisdiction',
  promise: 'P-RESIDENCY',
  scope: {
    judges: 'Every DynamoDB global table: each replica region against the jurisdiction stamp.',
    cannot: 'Exports of table data to S3 or elsewhere.',
  },
  info: 'P-RESIDENCY: a DynamoDB global table has a replica outside the stack\'s jurisdiction.',
  explanation: 'Global table replicas hold full copies of the data, so each replica region must be one of the stamped regions.',
  check: (node: CfnResource) => {
    if (!(node instanceof dynamodb.CfnGlobalTable)) return NagRuleCompliance.NOT_APPLICABLE;
    const stamp = jurisdictionStampOf(node);
    const outside = resolvedList<{ region?: unknown }>(node, node.replicas)
      .map((r) => String(r.region))
      .filter((region) => !stamp || !stamp.regions.includes(region));
    return outside.length > 0 ? outside.map((r) => `replica:${r}`) : NagRuleCompliance.COMPLIANT;
  },
};
