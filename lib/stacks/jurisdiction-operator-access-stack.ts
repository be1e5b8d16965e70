import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { BastionHost } from '../constructs/bastion-host';
import type { HostPatching } from '../constructs/host-patching';
import type { VpcEndpointAccess } from '../constructs/vpc-endpoint-policies';
import { OperationalLogGroup } from '../constructs/operational-log-group';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';
import { SUBNET_GROUP } from './jurisdiction-network-stack';
import { refuseKeyAdministrationExceptByAdministrators } from '../constructs/key-administration';
import { JurisdictionStack } from './jurisdiction-stack';

export interface JurisdictionOperatorAccessStackProps extends JurisdictionStackProps {
  /** The primary region's VPC; the VPN and the bastion use its operator subnets. */
  readonly vpc: ec2.IVpc;
  /** The VPC endpoints; the bastion's only egress. */
  readonly endpoints: VpcEndpointAccess;
  /** The region's host patching; the bastion is enrolled in it. */
  readonly patching: HostPatching;
  /** The region's `operational-logs` key; VPN connection logs are encrypted with it. */
  readonly operationalLogsKey: kms.IKey;
}

/**
 * Operator access (P-OPERATOR-ACCESS): a Client VPN that admits only holders of a client
 * certificate signed by the configured root CA, logs every connection, and authorises traffic
 * only to the operator subnets; behind it a bastion that accepts SSH only from the VPN, with one
 * account and key per operator.
 */
export class JurisdictionOperatorAccessStack extends JurisdictionStack {
  readonly vpn: ec2.ClientVpnEndpoint;
  readonly bastion: BastionHost;

  constructor(scope: Construct, id: string, props: JurisdictionOperatorAccessStackProps) {
    super(scope, id, props);
    const { jurisdiction } = props;
    const access = jurisdiction.access;
    const operatorSubnets = props.vpc.selectSubnets({ subnetGroupName: SUBNET_GROUP.operators });

    const volumeKey = new kms.Key(this, 'HostVolumeKey', {
      alias: `alias/${props.appName}/${jurisdiction.id}/host-volumes`,
      description: `${props.appName} ${jurisdiction.id}: EBS volumes of platform hosts`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    refuseKeyAdministrationExceptByAdministrators(volumeKey);
    this.bastion = new BastionHost(this, 'Bastion', {
      vpc: props.vpc,
      subnets: { subnets: operatorSubnets.subnets },
      operators: access.operators,
      endpoints: props.endpoints,
      volumeKey,
    });
    props.patching.enrol(this.bastion.instance);

    const vpnSecurityGroup = new ec2.SecurityGroup(this, 'VpnSecurityGroup', {
      vpc: props.vpc,
      description: 'Operator VPN: may open SSH to the bastion and nothing else',
      allowAllOutbound: false,
    });
    const connectionLogs = new OperationalLogGroup(this, 'VpnConnectionLogs', {
      jurisdiction,
      encryptionKey: props.operationalLogsKey,
    });
    this.vpn = new ec2.ClientVpnEndpoint(this, 'Vpn', {
      vpc: props.vpc,
      vpcSubnets: { subnets: operatorSubnets.subnets },
      description: `${props.appName} ${jurisdiction.id} operator VPN`,
      cidr: access.vpn.clientCidr,
      serverCertificateArn: access.vpn.serverCertificateArn,
      // A client certificate ARN selects mutual (certificate) authentication.
      clientCertificateArn: access.vpn.clientRootCertificateArn,
      logging: true,
      logGroup: connectionLogs.logGroup,
      // Only VPC routes go through the tunnel; an operator's other traffic never enters the platform.
      splitTunnel: true,
      authorizeAllUsersToVpcCidr: false,
      selfServicePortal: false,
      securityGroups: [vpnSecurityGroup],
      sessionTimeout: ec2.ClientVpnSessionTimeout.EIGHT_HOURS,
      clientLoginBanner: `${props.appName} ${jurisdiction.id}: authorised operators only. Every connection is logged.`,
    });
    operatorSubnets.subnets.forEach((subnet, i) => {
      this.vpn.addAuthorizationRule(`BastionSubnet${i}`, {
        cidr: subnet.ipv4CidrBlock,
        description: `Operators may reach the bastion subnet in ${subnet.availabilityZone}`,
      });
    });
    // The egress rule is written inside the VPN group itself: a group whose only egress rules are
    // separate resources keeps the allow-all egress AWS gives every new group (P-DEVICE-OUTBOUND).
    vpnSecurityGroup.addEgressRule(
      ec2.Peer.securityGroupId(this.bastion.securityGroup.securityGroupId),
      ec2.Port.tcp(22),
      'SSH from the operator VPN to the bastion',
    );
    this.bastion.securityGroup.addIngressRule(vpnSecurityGroup, ec2.Port.tcp(22), 'SSH from the operator VPN to the bastion');
  }
}
