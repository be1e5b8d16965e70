import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { renderedOutcome, ruleOutcome } from '../../support/nag';

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

const template = (tokens: string) => ({
  Type: 'AWS::EC2::LaunchTemplate',
  Properties: { LaunchTemplateName: 'hosts', LaunchTemplateData: { MetadataOptions: { HttpTokens: tokens } } },
});
const ref = (logicalId: string) => ({ Ref: logicalId });
const group = (launch: Record<string, unknown>) => ({
  Type: 'AWS::AutoScaling::AutoScalingGroup',
  Properties: { MaxSize: '1', MinSize: '1', ...launch },
});

describe('P-HARDENED-HOSTS-InstanceRequiresImdsv2', () => {
  test('passes an instance that requires IMDSv2, directly or through its launch template (which passes too)', () => {
    expect(ruleOutcome(id, instance({ httpTokens: ec2.HttpTokens.REQUIRED }))).toEqual({ failures: [], compliant: 1 });
    expect(ruleOutcome(id, instance({ requireImdsv2: true }))).toEqual({ failures: [], compliant: 2 });
  });

  test('fails an instance that still answers IMDSv1', () => {
    expect(ruleOutcome(id, instance({})).failures).toEqual(['RuleTest/Host/Resource[launch-template]']);
    expect(ruleOutcome(id, instance({ httpTokens: ec2.HttpTokens.OPTIONAL })).failures)
      .toEqual(['RuleTest/Host/Resource[instance-metadata-options]']);
  });

  test('judges as EC2 applies it: the instance\'s own MetadataOptions win over a compliant launch template', () => {
    const out = renderedOutcome(id, [{
      name: 'hosts',
      resources: {
        Template: template('required'),
        Inherits: { Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: { LaunchTemplateId: ref('Template'), Version: '1' } } },
        Overrides: {
          Type: 'AWS::EC2::Instance',
          Properties: { LaunchTemplate: { LaunchTemplateName: 'hosts', Version: '1' }, MetadataOptions: { HttpTokens: 'optional' } },
        },
      },
    }]);
    expect(out).toEqual({ failures: ['hosts/Overrides[instance-metadata-options]'], compliant: 2 });
  });

  test('judges Auto Scaling groups by the launch template or launch configuration they launch from', () => {
    const out = renderedOutcome(id, [{
      name: 'fleet',
      resources: {
        Strict: template('required'),
        Lax: template('optional'),
        LaxConfig: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-1', InstanceType: 't4g.small' } },
        FromStrict: group({ LaunchTemplate: { LaunchTemplateId: ref('Strict'), Version: '1' } }),
        FromMixed: group({
          MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: ref('Lax'), Version: '1' } } },
        }),
        FromConfig: group({ LaunchConfigurationName: ref('LaxConfig') }),
      },
    }]);
    expect(out.failures.sort())
      .toEqual(['fleet/FromConfig[launch-configuration]', 'fleet/FromMixed[launch-template]', 'fleet/Lax', 'fleet/LaxConfig']);
    expect(out.compliant).toBe(2);
  });
});
