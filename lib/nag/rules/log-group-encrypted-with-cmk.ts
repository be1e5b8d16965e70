import type { CfnResource } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance } from 'cdk-nag';
import type { StewardRule } from '../rule-support';

/** CloudWatch log groups name a KMS key. */
export const logGroupEncryptedWithCmk: StewardRule = {
  id: 'P-ENCRYPT-REST-LogGroupEncryptedWithCmk',
  promise: 'P-ENCRYPT-REST',
  scope: {
    judges: 'Every AWS::Logs::LogGroup: KmsKeyId.',
    cannot: 'Log groups a service creates at run time (a Lambda without LoggingConfig; see P-RETENTION-FunctionLogsToDeclaredGroup).',
  },
  info: 'P-ENCRYPT-REST: the CloudWatch log group has no KmsKeyId.',
  explanation:
    'Log groups hold operational logs that may name users and addresses; each must be encrypted with a customer-managed key (KmsKeyId).',
  check: (node: CfnResource) => {
    if (!(node instanceof logs.CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    return node.kmsKeyId !== undefined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
