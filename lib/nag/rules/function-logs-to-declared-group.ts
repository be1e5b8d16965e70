import { type CfnResource, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance } from 'cdk-nag';
import { renderedProperties, type StewardRule } from '../rule-support';

/**
 * Every Lambda function (the ones CDK adds as custom-resource providers too) logs into a log group
 * of its own template, which the log-group rules judge; otherwise Lambda creates one on first run,
 * with no key and no expiry.
 */
export const functionLogsToDeclaredGroup: StewardRule = {
  id: 'P-RETENTION-FunctionLogsToDeclaredGroup',
  promise: 'P-RETENTION',
  scope: {
    judges: 'LoggingConfig.LogGroup of every AWS::Lambda::Function, against the log groups of the same template.',
    cannot: 'Log groups a function\'s code creates or writes to by name at run time.',
  },
  info: 'P-RETENTION: the Lambda function logs into a log group Lambda creates itself (no key, kept forever).',
  explanation:
    'Nothing outlives its retention. Each function must set LoggingConfig.LogGroup to a Ref of an AWS::Logs::LogGroup of the ' +
    'same template, so its logs are encrypted and expire (P-ENCRYPT-REST-LogGroupEncryptedWithCmk, P-RETENTION-LogGroupRetentionBounded).',
  check: (node: CfnResource) => {
    if (node.cfnResourceType !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
    const target = (renderedProperties(node).LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup;
    const stack = Stack.of(node);
    const declared = stack.node.findAll()
      .filter((c): c is logs.CfnLogGroup => c instanceof logs.CfnLogGroup)
      .some((g) => JSON.stringify(stack.resolve(g.ref)) === JSON.stringify(target));
    return declared ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
