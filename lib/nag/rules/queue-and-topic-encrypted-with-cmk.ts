import type { CfnResource } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagRuleCompliance } from 'cdk-nag';
import { namesAwsManagedKey, type StewardRule } from '../rule-support';

const isCustomerKey = (node: CfnResource, key: unknown): boolean => key !== undefined && !namesAwsManagedKey(node, key);

/** SQS queues and SNS topics use a customer-managed KMS key (not SQS-managed SSE, not an AWS-managed alias). */
export const queueAndTopicEncryptedWithCmk: StewardRule = {
  id: 'P-ENCRYPT-REST-QueueAndTopicEncryptedWithCmk',
  promise: 'P-ENCRYPT-REST',
  scope: {
    judges:
      'Every AWS::SQS::Queue and AWS::SNS::Topic: KmsMasterKeyId not an AWS-managed key (alias, alias ARN or key of aws/sqs, aws/sns).',
    cannot: 'Whether a key named by ARN from another stack is customer-managed.',
  },
  info: 'P-ENCRYPT-REST: the SQS queue or SNS topic is not encrypted with a customer-managed KMS key.',
  explanation: 'Messages at rest in queues and topics are data too: each must set KmsMasterKeyId to a customer-managed key.',
  check: (node: CfnResource) => {
    if (node instanceof sqs.CfnQueue || node instanceof sns.CfnTopic) {
      return isCustomerKey(node, node.kmsMasterKeyId) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
};
