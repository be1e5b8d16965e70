import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { OperatorConfig } from '../../lib/config/types';
import { BastionHost } from '../../lib/constructs/bastion-host';
import { newTestApp } from '../support/app';
import { ALICE, BOB, SSH_KEYS } from '../support/operators';

function bastionStack(operators: readonly OperatorConfig[]) {
  const stack = new Stack(newTestApp(), 'Bastion', { env: { region: 'eu-central-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-central-1a'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'operators', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const volumeKey = new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true });
  const endpoints = {
    securityGroup: new ec2.SecurityGroup(stack, 'Endpoints', { vpc, allowAllOutbound: false }),
    s3PrefixListId: 'pl-s3',
    dynamoDbPrefixListId: 'pl-ddb',
  };
  new BastionHost(stack, 'Bastion', { vpc, subnets: { subnetGroupName: 'operators' }, operators, endpoints, volumeKey });
  return Template.fromStack(stack);
}

const instanceId = (t: Template): string => Object.keys(t.findResources('AWS::EC2::Instance'))[0];

describe('BastionHost (P-HARDENED-HOSTS)', () => {
  const t = bastionStack([ALICE, BOB]);

  test('runs current Amazon Linux 2023 from the public SSM parameter, with IMDSv2 only and no key pair', () => {
    const [instance] = Object.values(t.findResources('AWS::EC2::Instance'));
    expect(instance.Properties.ImageId.Ref).toMatch(/al2023/);
    const [template] = Object.values(t.findResources('AWS::EC2::LaunchTemplate'));
    expect(template.Properties.LaunchTemplateData.MetadataOptions).toEqual({ HttpTokens: 'required' });
    expect(instance.Properties.LaunchTemplate.LaunchTemplateName).toBe(template.Properties.LaunchTemplateName);
    expect(instance.Properties.KeyName).toBeUndefined();
    expect(t.findParameters('*', { Default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64' }))
      .not.toEqual({});
  });

  test('encrypts its root volume with the customer-managed key', () => {
    t.hasResourceProperties('AWS::EC2::Instance', {
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/xvda',
          Ebs: Match.objectLike({ Encrypted: true, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VolumeKey'), 'Arn'] } }),
        },
      ],
    });
  });

  const bastionGroup = () => Object.entries(t.findResources('AWS::EC2::SecurityGroup')).find(([id]) => id.startsWith('Bastion'))![1];

  test('has no inbound rule of its own and no public address', () => {
    const sg = bastionGroup();
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    const [instance] = Object.values(t.findResources('AWS::EC2::Instance'));
    expect(instance.Properties.NetworkInterfaces).toBeUndefined();
    expect(instance.Properties.SubnetId).toEqual({ Ref: expect.stringMatching(/^VpcoperatorsSubnet1/) });
    t.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true }, 0);
  });

  test('sends HTTPS only to the interface endpoints\' group and the S3 prefix list, never to the internet', () => {
    expect(bastionGroup().Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({
        DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Endpoints/), 'GroupId'] }, FromPort: 443, ToPort: 443,
      }),
      expect.objectContaining({ DestinationPrefixListId: 'pl-s3', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
    ]);
    expect(t.findResources('AWS::EC2::SecurityGroupEgress')).toEqual({});
  });

  test('a changed operator list replaces the instance, so removed accounts are gone with it', () => {
    expect(instanceId(bastionStack([ALICE]))).not.toEqual(instanceId(t));
    expect(instanceId(bastionStack([ALICE, BOB]))).toEqual(instanceId(t));
  });

  test('refuses a bad operator SSH key, naming the operator', () => {
    expect(() => bastionStack([ALICE, { name: 'carol', sshPublicKey: SSH_KEYS.rsa2048 }])).toThrow(
      /^operators\[1\]\.sshPublicKey: RSA key has 2048 bits/,
    );
  });

  test('refuses duplicate operator names', () => {
    expect(() => bastionStack([ALICE, { ...BOB, name: 'alice' }])).toThrow(/^operators\[1\]\.name: duplicate operator 'alice'/);
  });

  test('refuses a key shared by two operators', () => {
    expect(() => bastionStack([ALICE, { name: 'carol', sshPublicKey: ALICE.sshPublicKey }])).toThrow(
      /^operators\[1\]\.sshPublicKey: key shared with another operator$/,
    );
  });

  test('refuses a name that is not a Linux account name', () => {
    expect(() => bastionStack([{ ...ALICE, name: "a'; rm -rf /" }])).toThrow(/^operators\[0\]\.name: /);
  });
});
