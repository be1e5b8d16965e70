import type { CfnResource } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, resolved, resolvedList, type StewardRule } from '../rule-support';

/** DynamoDB tables (and every replica of a global table) use a customer-managed KMS key. */
export const tableEncryptedWithCmk: StewardRule = {
  id: 'P-ENCRYPT-REST-TableEncryptedWithCmk',
  promise: 'P-ENCRYPT-REST',
  scope: {
    judges: 'Every DynamoDB table and global table replica: SSESpecification with a KMS key.',
    cannot: 'Whether a key named by ARN from another stack is customer-managed.',
  },
  info: 'P-ENCRYPT-REST: the DynamoDB table (or one of its replicas) is not encrypted with a customer-managed KMS key.',
  explanation:
    'Tables must set SSESpecification with SSEEnabled/SSEType KMS and a KMSMasterKeyId; a global table must give every ' +
    'replica its own KMSMasterKeyId. The AWS-owned and AWS-managed keys do not count.',
  check: (node: CfnResource) => {
    if (node instanceof dynamodb.CfnTable) {
      const sse = resolved(node, node.sseSpecification) as { sseEnabled?: unknown; kmsMasterKeyId?: unknown } | undefined;
      return sse && isTrue(sse.sseEnabled) && sse.kmsMasterKeyId !== undefined
        ? NagRuleCompliance.COMPLIANT
        : NagRuleCompliance.NON_COMPLIANT;
    }
    if (node instanceof dynamodb.CfnGlobalTable) {
      const sse = resolved(node, node.sseSpecification) as { sseEnabled?: unknown; sseType?: string } | undefined;
      if (!sse || !isTrue(sse.sseEnabled) || sse.sseType !== 'KMS') return NagRuleCompliance.NON_COMPLIANT;
      const missing = resolvedList<{ region?: string; sseSpecification?: { kmsMasterKeyId?: unknown } }>(node, node.replicas)
        .filter((r) => r.sseSpecification?.kmsMasterKeyId === undefined)
        .map((r) => `replica:${r.region}`);
      return missing.length > 0 ? missing : NagRuleCompliance.COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
};
