import { Match, Template } from 'aws-cdk-lib/assertions';
import { SUBNET_GROUP } from '../../lib/stacks/jurisdiction-network-stack';
import { buildNetworkStacks } from '../support/network-stacks';
import { ALICE, BOB, euWithOperators } from '../support/operators';

const jurisdiction = euWithOperators();
const stacks = buildNetworkStacks(jurisdiction);
const t = Template.fromStack(stacks.operatorAccess);
const access = jurisdiction.access!;

const operatorSubnetCidrs = stacks.network.vpc
  .selectSubnets({ subnetGroupName: SUBNET_GROUP.operators })
  .subnets.map((s) => s.ipv4CidrBlock);

describe('operator access stack (P-OPERATOR-ACCESS)', () => {
  test('is pinned to the primary region', () => {
    expect(stacks.operatorAccess.region).toBe(jurisdiction.primaryRegion);
  });

  test('the VPN authenticates operators by client certificate signed by the configured root CA', () => {
    t.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ServerCertificateArn: access.vpn.serverCertificateArn,
      AuthenticationOptions: [
        {
          Type: 'certificate-authentication',
          MutualAuthentication: { ClientRootCertificateChainArn: access.vpn.clientRootCertificateArn },
        },
      ],
      ClientCidrBlock: access.vpn.clientCidr,
      SplitTunnel: true,
    });
  });

  test('the VPN logs every connection to a KMS-encrypted log group of bounded retention', () => {
    t.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: { Ref: Match.stringLikeRegexp('^VpnConnectionLogs') } },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 30 });
  });

  test('operators are authorised only to the bastion subnets, never to the whole VPC', () => {
    const rules = Object.values(t.findResources('AWS::EC2::ClientVpnAuthorizationRule'));
    expect(rules.map((r) => r.Properties.TargetNetworkCidr).sort()).toEqual([...operatorSubnetCidrs].sort());
    for (const r of rules) expect(r.Properties.TargetNetworkCidr).not.toBe('10.10.0.0/16');
    expect(rules.every((r) => r.Properties.AuthorizeAllGroups === true)).toBe(true);
  });

  test('the bastion accepts SSH only from the VPN security group, and nothing else inbound', () => {
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^VpnSecurityGroup/), 'GroupId'] },
    });
    for (const sg of Object.values(t.findResources('AWS::EC2::SecurityGroup'))) {
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    }
  });

  test('the VPN may open SSH to the bastion and nothing else', () => {
    const [vpnSg] = Object.values(
      t.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Operator VPN') } }),
    );
    // Inline, so AWS drops the allow-all egress it gives a new group; a separate egress resource would not.
    expect(vpnSg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({
        FromPort: 22,
        ToPort: 22,
        IpProtocol: 'tcp',
        DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^BastionSecurityGroup/), 'GroupId'] },
      }),
    ]);
    expect(Object.values(t.findResources('AWS::EC2::SecurityGroupEgress'))).toHaveLength(0);
  });

  test('the bastion runs in an operator subnet and has one account per configured operator', () => {
    const [instance] = Object.values(t.findResources('AWS::EC2::Instance'));
    const userData = JSON.stringify(instance.Properties.UserData);
    for (const op of [ALICE, BOB]) expect(userData).toContain(`['${op.name}']='${op.sshPublicKey}'`);
    expect(JSON.stringify(instance.Properties.SubnetId)).toContain(`Vpc${SUBNET_GROUP.operators}Subnet1`);
    expect(instance.Properties.AvailabilityZone).toBe(jurisdiction.availabilityZones![0]);
  });

  test('the bastion volume key rotates and is kept', () => {
    t.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/steward/eu/host-volumes' });
  });

  test('matches the snapshot', () => {
    expect(t.toJSON()).toMatchSnapshot();
  });
});
