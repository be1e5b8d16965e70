import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ruleOutcome } from '../../support/nag';

const id = 'P-HARDENED-HOSTS-InstanceRequiresImdsv2';

function instance(props: Partial<ec2.InstanceProps>) {
  return (s: Stack) => {
    const vpc = new ec2.Vpc(s, 'Vpc', { availabilityZones: ['eu-central-1a'], natGateways: 0 });
    new ec2.Instance(s, 'Host', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: new ec2.InstanceType('t4g.small'),
      machineImage: ec2.MachineImage.genericLinux({ 'eu-central-1': 'ami-12345678' }),
      ...props,
    });
  };
}

describe('P-HARDENED-HOSTS-InstanceRequiresImdsv2', () => {
  test('passes an instance that requires IMDSv2, directly or through its launch template', () => {
    expect(ruleOutcome(id, instance({ httpTokens: ec2.HttpTokens.REQUIRED }))).toEqual({ failures: [], compliant: 1 });
    expect(ruleOutcome(id, instance({ requireImdsv2: true }))).toEqual({ failures: [], compliant: 1 });
  });

  test('fails an instance that still answers IMDSv1', () => {
    expect(ruleOutcome(id, instance({})).failures).toEqual(['RuleTest/Host/Resource']);
    expect(ruleOutcome(id, instance({ httpTokens: ec2.HttpTokens.OPTIONAL })).failures).toEqual(['RuleTest/Host/Resource']);
  });
});
