import { type CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { appResourcesOfType, refersTo } from '../references';
import type { StewardRule } from '../rule-support';

/** The fewest availability zones a VPC's subnets may span. */
export const MIN_VPC_ZONES = 3;

/** Every VPC has subnets in at least three availability zones, so losing one zone leaves two. */
export const vpcSpansThreeZones: StewardRule = {
  id: 'P-RESILIENCE-VpcSpansThreeZones',
  promise: 'P-RESILIENCE',
  scope: {
    judges: 'Every AWS::EC2::VPC: the distinct AvailabilityZone values of the subnets of the app that name it.',
    cannot: 'Whether the services inside actually run in every zone, and subnets added outside CloudFormation.',
  },
  info: 'P-RESILIENCE: the VPC has subnets in fewer than three availability zones.',
  explanation:
    'Data and services are spread across availability zones: the subnets of each VPC must lie in at least three distinct ' +
    'availability zones.',
  check: (node: CfnResource) => {
    if (!(node instanceof ec2.CfnVPC)) return NagRuleCompliance.NOT_APPLICABLE;
    const zones = new Set(appResourcesOfType(node, 'AWS::EC2::Subnet')
      .map((s) => s as ec2.CfnSubnet)
      .filter((s) => refersTo(s, s.vpcId, node))
      .map((s) => Stack.of(s).resolve(s.availabilityZone ?? s.availabilityZoneId) as unknown)
      .filter((z) => z !== undefined)
      .map((z) => JSON.stringify(z)));
    return zones.size >= MIN_VPC_ZONES ? NagRuleCompliance.COMPLIANT : [`zones:${zones.size}`];
  },
};
