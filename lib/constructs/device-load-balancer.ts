import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import { suppress, suppressComplianceRule } from '../nag/suppressions';
import { frontEndSecurityGroup } from './front-end-security-group';
import { FRONT_END_TLS_POLICY } from './front-end-tls';

export interface DeviceLoadBalancerProps {
  /** The VPC whose front-end subnets hold the load balancer. */
  readonly vpc: ec2.IVpc;
  /** The public subnets the load balancer is placed in. */
  readonly subnets: ec2.SubnetSelection;
  /** Where the collector and the device gateway run (the VPC's CIDR): the only destination its security group lets traffic out to. */
  readonly targets: ec2.IPeer;
  /** Port of the syslog-over-TLS listener, already checked against `access.frontEnd.allowedPorts`. */
  readonly syslogPort: number;
  /** Port of the device-initiated SSH listener, already checked against `access.frontEnd.allowedPorts`. */
  readonly sshPort: number;
  /** ACM certificate of the syslog TLS listener. */
  readonly syslogCertificateArn: string;
}

/**
 * The devices' internet-facing NLB (P-MIN-PORTS, P-ENCRYPT-TRANSIT, P-DEVICE-OUTBOUND): syslog over
 * TLS, terminated here and opened again as TLS to the collector, so log messages stay encrypted
 * inside the VPC too; and device-initiated SSH, passed through (SSH authenticates and encrypts
 * itself). Its security group opens exactly those two ports and lets traffic out only to the
 * targets in the VPC. The target groups are empty: the collector and gateway register into them.
 * It puts its security group and target groups beside itself (`<id>SecurityGroup`,
 * `SyslogTargets`, `DeviceSshTargets`), the ids the front-end stack gave them when it built them inline.
 */
export class DeviceLoadBalancer extends elbv2.NetworkLoadBalancer {
  /** Where the syslog collector registers (IP targets, TLS). */
  readonly syslogTargets: elbv2.NetworkTargetGroup;
  /** Where the device gateway registers (IP targets, TCP). */
  readonly deviceSshTargets: elbv2.NetworkTargetGroup;

  constructor(scope: Construct, id: string, props: DeviceLoadBalancerProps) {
    const securityGroup = frontEndSecurityGroup(scope, `${id}SecurityGroup`, {
      vpc: props.vpc,
      description: 'Device load balancer: syslog over TLS and device-initiated SSH from the internet; out only to targets in the VPC',
      targets: props.targets,
      ports: [
        { port: props.syslogPort, ingress: 'Syslog over TLS from devices', egress: 'Syslog collector in the VPC' },
        { port: props.sshPort, ingress: 'SSH opened by devices', egress: 'Device gateway in the VPC' },
      ],
    });
    super(scope, id, {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing: true,
      securityGroups: [securityGroup],
      crossZoneEnabled: true,
      deletionProtection: true,
    });
    this.syslogTargets = new elbv2.NetworkTargetGroup(scope, 'SyslogTargets', {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.Protocol.TLS,
      port: props.syslogPort,
    });
    this.deviceSshTargets = new elbv2.NetworkTargetGroup(scope, 'DeviceSshTargets', {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.Protocol.TCP,
      port: props.sshPort,
    });
    this.addListener('SyslogTls', {
      port: props.syslogPort,
      protocol: elbv2.Protocol.TLS,
      sslPolicy: FRONT_END_TLS_POLICY,
      certificates: [elbv2.ListenerCertificate.fromArn(props.syslogCertificateArn)],
      defaultTargetGroups: [this.syslogTargets],
    });
    const deviceSsh = this.addListener('DeviceSsh', {
      port: props.sshPort,
      protocol: elbv2.Protocol.TCP,
      defaultTargetGroups: [this.deviceSshTargets],
    });

    suppress(this, [{ rule: 'AwsSolutions-ELB2', reason: 'loadBalancerAccessLogs' }]);
    suppressComplianceRule(this, 'ELBLoggingEnabled', 'loadBalancerAccessLogs');
    suppressComplianceRule(deviceSsh, 'ELBv2ACMCertificateRequired', 'sshPassthrough');
  }
}
