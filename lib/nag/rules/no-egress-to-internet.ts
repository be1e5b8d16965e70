import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { describeRule, egressRulesOf, fromInternet } from '../ingress';
import type { StewardRule } from '../rule-support';

/**
 * No security group lets anything out to the internet: hosts and handlers reach AWS through the
 * VPC endpoints (the interface endpoints' security group, the gateway endpoints' prefix lists),
 * so their traffic meets the endpoint policies and cannot carry data to another account's bucket.
 */
export const noEgressToInternet: StewardRule = {
  id: 'P-TENANT-ISOLATION-NoEgressToInternet',
  promise: 'P-TENANT-ISOLATION',
  scope: {
    judges: 'Egress of every AWS::EC2::SecurityGroup (an absent egress list is AWS\'s allow-all) and AWS::EC2::SecurityGroupEgress.',
    cannot:
      'Routes and network ACLs (the network stack builds the service subnets without an internet route), and IPv4 ' +
      'ranges narrower than 0.0.0.0/0.',
  },
  info: 'P-TENANT-ISOLATION: a security group lets traffic out to the internet (0.0.0.0/0 or ::/0), around the VPC endpoints.',
  explanation:
    'The data perimeter: egress goes to the VPC (endpoints, targets) or to a managed prefix list (S3 and DynamoDB gateway ' +
    'endpoints), never to 0.0.0.0/0 or ::/0 on any port; a group without egress rules gets AWS\'s allow-all and fails too.',
  check: (node: CfnResource) => {
    const rules = egressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const open = rules.filter(fromInternet).map(describeRule);
    return open.length > 0 ? [...new Set(open)] : NagRuleCompliance.COMPLIANT;
  },
};
