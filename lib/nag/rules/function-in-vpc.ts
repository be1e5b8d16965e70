import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { renderedProperties, type StewardRule } from '../rule-support';

/**
 * Every Lambda function runs in the VPC (the data perimeter): its AWS calls then leave only
 * through the VPC endpoints, whose policies admit only the platform's own account. A function
 * that cannot (it calls another region, or a global API) carries a named suppression instead.
 */
export const functionInVpc: StewardRule = {
  id: 'P-TENANT-ISOLATION-FunctionInVpc',
  promise: 'P-TENANT-ISOLATION',
  scope: {
    judges:
      'VpcConfig of every AWS::Lambda::Function (the ones CDK adds as custom-resource providers too): subnets and ' +
      'security groups set.',
    cannot:
      'Whether the subnets have no internet route (they are imported from the network stack; the network stack builds them ' +
      'isolated, and P-TENANT-ISOLATION-NoEgressToInternet judges the security groups).',
  },
  info: 'P-TENANT-ISOLATION: the Lambda function runs outside the VPC, so its AWS calls bypass the VPC endpoints and their policies.',
  explanation:
    'Handlers run in the isolated subnets and reach AWS only through VPC endpoints limited to the platform\'s account. ' +
    'Set VpcConfig with SubnetIds and SecurityGroupIds (HandlerNetwork.declare in the stack), or, when the function must ' +
    'call what no endpoint of the VPC serves, pass `outsideVpc` with the reason, which the suppression ledger shows.',
  check: (node: CfnResource) => {
    if (node.cfnResourceType !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
    const vpc = renderedProperties(node).VpcConfig as { SubnetIds?: unknown; SecurityGroupIds?: unknown } | undefined;
    const set = (v: unknown) => v !== undefined && (!Array.isArray(v) || v.length > 0);
    return vpc && set(vpc.SubnetIds) && set(vpc.SecurityGroupIds) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
