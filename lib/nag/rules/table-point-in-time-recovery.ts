import type { CfnResource } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, resolved, resolvedList, tagsOf, type StewardRule } from '../rule-support';
import { CONFIG_CACHE_CLASS } from './config-cache-expires-within-a-day';
import { TAG } from '../../vocabulary';

interface Pitr {
  pointInTimeRecoveryEnabled?: unknown;
}

/** Tables (every replica of a global table) have point-in-time recovery, except the config cache. */
export const tablePointInTimeRecovery: StewardRule = {
  id: 'P-RESILIENCE-TablePointInTimeRecovery',
  promise: 'P-RESILIENCE',
  scope: {
    judges: 'Every DynamoDB table and global table replica except the config cache: point-in-time recovery.',
    cannot: 'Whether a restore is ever tested.',
  },
  info: 'P-RESILIENCE: the DynamoDB table (or a replica) has no point-in-time recovery.',
  explanation:
    'Tables recover from mistakes and failures: point-in-time recovery must be on in every replica. The configuration ' +
    'cache is exempt, since P-JIT-CACHE forbids backing it up.',
  check: (node: CfnResource) => {
    if (!(node instanceof dynamodb.CfnTable) && !(node instanceof dynamodb.CfnGlobalTable)) return NagRuleCompliance.NOT_APPLICABLE;
    if (tagsOf(node)[TAG.dataClass] === CONFIG_CACHE_CLASS) return NagRuleCompliance.NOT_APPLICABLE;
    if (node instanceof dynamodb.CfnTable) {
      const pitr = resolved(node, node.pointInTimeRecoverySpecification) as Pitr | undefined;
      return isTrue(pitr?.pointInTimeRecoveryEnabled) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    const missing = resolvedList<{ region?: string; pointInTimeRecoverySpecification?: Pitr }>(node, node.replicas)
      .filter((r) => !isTrue(r.pointInTimeRecoverySpecification?.pointInTimeRecoveryEnabled))
      .map((r) => `replica:${r.region}`);
    return missing.length > 0 ? missing : NagRuleCompliance.COMPLIANT;
  },
};
