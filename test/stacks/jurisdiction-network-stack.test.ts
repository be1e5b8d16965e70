import { Match, Template } from 'aws-cdk-lib/assertions';
import { PATCH_GROUP_TAG } from '../../lib/constructs/host-patching';
import { buildNetworkStacks } from '../support/network-stacks';
import { euWithOperators } from '../support/operators';
import { TAG } from '../../lib/vocabulary';

const jurisdiction = euWithOperators();
const stacks = buildNetworkStacks(jurisdiction);
const t = Template.fromStack(stacks.network);

describe('network stack', () => {
  test('is pinned to the primary region', () => {
    expect(stacks.network.region).toBe('eu-central-1');
  });

  test('spans the three configured zones with the configured CIDR and no lookup (P-RESILIENCE)', () => {
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.10.0.0/16' });
    const zones = Object.values(t.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone);
    expect(new Set(zones)).toEqual(new Set(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']));
    expect(zones).toHaveLength(9);
    expect(stacks.network.vpc.availabilityZones).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
  });

  test('only the front-end subnets route to the internet, and nothing is NATed out', () => {
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    const internetRoutes = Object.values(t.findResources('AWS::EC2::Route', { Properties: { GatewayId: Match.anyValue() } }));
    expect(internetRoutes).toHaveLength(3);
    const publicSubnets = stacks.network.vpc.publicSubnets.map((s) => s.node.path);
    expect(publicSubnets.every((p) => p.includes('front-end'))).toBe(true);
    t.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true }, 0);
  });

  test('S3 and DynamoDB are reached through gateway endpoints', () => {
    const services = Object.values(t.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } })).map(
      (e) => JSON.stringify(e.Properties.ServiceName),
    );
    expect(services).toEqual([expect.stringContaining('.s3'), expect.stringContaining('.dynamodb')]);
  });

  test('KMS, STS, Step Functions, Cognito, Logs and SSM are reached through private interface endpoints open only to the VPC', () => {
    const endpoints = Object.values(t.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }));
    expect(endpoints.map((e) => e.Properties.ServiceName).sort()).toEqual(
      ['cognito-idp', 'ec2messages', 'kms', 'logs', 'ssm', 'ssmmessages', 'states', 'sts'].map((s) => `com.amazonaws.eu-central-1.${s}`),
    );
    for (const e of endpoints) {
      expect(e.Properties.PrivateDnsEnabled).toBe(true);
      expect(e.Properties.SubnetIds).toHaveLength(3);
    }
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Interface endpoints'),
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.10.0.0/16', FromPort: 443, ToPort: 443 })],
    });
  });

  test('flow logs of all traffic go to a KMS-encrypted log group of bounded retention', () => {
    t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 30,
      Tags: Match.arrayWith([{ Key: TAG.dataClass, Value: 'operational-logs' }]),
    });
  });

  test('flow logs are delivered by a role limited to their log group, with no inline policy', () => {
    const [flowLog] = Object.values(t.findResources('AWS::EC2::FlowLog'));
    const roleId = flowLog.Properties.DeliverLogsPermissionArn['Fn::GetAtt'][0];
    const role = t.toJSON().Resources[roleId];
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'vpc-flow-logs.amazonaws.com' });
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Resource: { 'Fn::GetAtt': [flowLog.Properties.LogGroupName.Ref, 'Arn'] } })],
      },
    });
  });

  test('patching covers every host of every stack: each instance carries the patch-group tag (P-HARDENED-HOSTS)', () => {
    t.hasResourceProperties('AWS::SSM::PatchBaseline', { PatchGroups: ['steward-eu-hosts'] });
    const hosts = [stacks.network, stacks.operatorAccess, stacks.frontEnd, stacks.portalUsers].flatMap((s) =>
      Object.values(Template.fromStack(s).findResources('AWS::EC2::Instance')),
    );
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) expect(host.Properties.Tags).toContainEqual({ Key: PATCH_GROUP_TAG, Value: 'steward-eu-hosts' });
  });

  test('matches the snapshot', () => {
    expect(t.toJSON()).toMatchSnapshot();
  });
});
