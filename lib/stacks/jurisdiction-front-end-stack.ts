import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { FrontEndConfig } from '../config/types';
import { FRONT_END_FIXED_PORTS } from '../config/validate';
import { PortalWebAcl } from '../constructs/portal-web-acl';
import { declareInternetIngress, type DeclaredIngressPort } from '../nag/conventions';
import { suppress, suppressComplianceRule } from '../nag/suppressions';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';
import { SUBNET_GROUP } from './jurisdiction-network-stack';

/** TLS policy of every TLS listener: TLS 1.3 and 1.2 with forward secrecy and hybrid post-quantum key exchange. */
export const FRONT_END_TLS_POLICY = elbv2.SslPolicy.TLS13_12_PQ;

export interface JurisdictionFrontEndStackProps extends JurisdictionStackProps {
  /** The primary region's VPC; the load balancers use its front-end (public) subnets. */
  readonly vpc: ec2.IVpc;
  /** The region's `operational-logs` key; the portal's WAF logs are encrypted with it. */
  readonly operationalLogsKey: kms.IKey;
}

/**
 * The internet-facing front end (P-MIN-PORTS, P-ENCRYPT-TRANSIT, P-DEVICE-OUTBOUND): an ALB that
 * serves the portal over HTTPS behind a web ACL and answers HTTP only with a redirect, and an NLB that accepts
 * syslog over TLS (terminated here and re-encrypted to the collector) and device-initiated SSH (passed through; SSH authenticates
 * and encrypts itself). Every listener port must be in `access.frontEnd.allowedPorts`, and the
 * security groups open exactly the listener ports. The target groups are empty: the portal,
 * device gateway and syslog collector are deployed separately and register into them.
 */
export class JurisdictionFrontEndStack extends Stack {
  readonly portal: elbv2.ApplicationLoadBalancer;
  readonly devices: elbv2.NetworkLoadBalancer;
  readonly portalTargets: elbv2.ApplicationTargetGroup;
  readonly syslogTargets: elbv2.NetworkTargetGroup;
  readonly deviceSshTargets: elbv2.NetworkTargetGroup;

  constructor(scope: Construct, id: string, props: JurisdictionFrontEndStackProps) {
    const { jurisdiction } = props;
    super(scope, id, { ...props, env: { region: jurisdiction.primaryRegion, account: jurisdiction.account } });
    const frontEnd = jurisdiction.access.frontEnd;
    // Every listener port passes the allowed list and is declared, with the protocol it carries,
    // for the security summary checks (P-MIN-PORTS, P-ENCRYPT-TRANSIT).
    const declared: DeclaredIngressPort[] = [];
    const listen = (port: number, purpose: string, carries: DeclaredIngressPort['carries']): number => {
      declared.push({ port: allowedListenerPort(frontEnd, port, purpose), protocol: 'tcp', carries, purpose });
      return port;
    };
    const vpc = props.vpc;
    const publicSubnets = { subnetGroupName: SUBNET_GROUP.frontEnd };
    const servicesCidr = ec2.Peer.ipv4(jurisdiction.network.vpcCidr);

    // Portal: HTTPS, and HTTP only to redirect to HTTPS.
    const httpsPort = listen(FRONT_END_FIXED_PORTS.portalHttps, 'portal HTTPS', 'https');
    const redirectPort = listen(FRONT_END_FIXED_PORTS.httpRedirect, 'HTTP redirect to HTTPS', 'http-redirect');
    const portalSg = new ec2.SecurityGroup(this, 'PortalSecurityGroup', {
      vpc,
      description: 'Portal load balancer: HTTPS and the HTTP redirect from the internet; out only to targets in the VPC',
      allowAllOutbound: false,
    });
    portalSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(httpsPort), 'Portal over HTTPS');
    portalSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(redirectPort), 'HTTP, answered only with a redirect to HTTPS');
    portalSg.addEgressRule(servicesCidr, ec2.Port.tcp(httpsPort), 'Portal targets (HTTPS) in the VPC');
    this.portal = new elbv2.ApplicationLoadBalancer(this, 'Portal', {
      vpc,
      vpcSubnets: publicSubnets,
      internetFacing: true,
      securityGroup: portalSg,
      dropInvalidHeaderFields: true,
      deletionProtection: true,
      http2Enabled: true,
    });
    new PortalWebAcl(this, 'PortalWebAcl', {
      loadBalancer: this.portal,
      name: `${props.appName}-${jurisdiction.id}-portal`,
      jurisdiction,
      logKey: props.operationalLogsKey,
    });
    this.portalTargets = new elbv2.ApplicationTargetGroup(this, 'PortalTargets', {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: httpsPort,
      healthCheck: { path: '/health', protocol: elbv2.Protocol.HTTPS, interval: Duration.seconds(30) },
    });
    this.portal.addListener('Https', {
      port: httpsPort,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: FRONT_END_TLS_POLICY,
      certificates: [elbv2.ListenerCertificate.fromArn(frontEnd.portalCertificateArn)],
      defaultTargetGroups: [this.portalTargets],
      open: false,
    });
    const redirect = this.portal.addListener('HttpRedirect', {
      port: redirectPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: String(httpsPort), permanent: true }),
      open: false,
    });

    // Devices: syslog over TLS (terminated) and device-initiated SSH (passed through).
    const syslogPort = listen(FRONT_END_FIXED_PORTS.syslogTls, 'syslog over TLS', 'tls');
    const sshPort = listen(frontEnd.deviceSshPort, 'device SSH', 'ssh');
    const devicesSg = new ec2.SecurityGroup(this, 'DevicesSecurityGroup', {
      vpc,
      description: 'Device load balancer: syslog over TLS and device-initiated SSH from the internet; out only to targets in the VPC',
      allowAllOutbound: false,
    });
    devicesSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(syslogPort), 'Syslog over TLS from devices');
    devicesSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(sshPort), 'SSH opened by devices');
    devicesSg.addEgressRule(servicesCidr, ec2.Port.tcp(syslogPort), 'Syslog collector in the VPC');
    devicesSg.addEgressRule(servicesCidr, ec2.Port.tcp(sshPort), 'Device gateway in the VPC');
    this.devices = new elbv2.NetworkLoadBalancer(this, 'Devices', {
      vpc,
      vpcSubnets: publicSubnets,
      internetFacing: true,
      securityGroups: [devicesSg],
      crossZoneEnabled: true,
      deletionProtection: true,
    });
    // Log messages stay encrypted inside the VPC too: the NLB opens TLS again to the collector.
    this.syslogTargets = new elbv2.NetworkTargetGroup(this, 'SyslogTargets', {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.Protocol.TLS,
      port: syslogPort,
    });
    this.deviceSshTargets = new elbv2.NetworkTargetGroup(this, 'DeviceSshTargets', {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.Protocol.TCP,
      port: sshPort,
    });
    this.devices.addListener('SyslogTls', {
      port: syslogPort,
      protocol: elbv2.Protocol.TLS,
      sslPolicy: FRONT_END_TLS_POLICY,
      certificates: [elbv2.ListenerCertificate.fromArn(frontEnd.syslogCertificateArn)],
      defaultTargetGroups: [this.syslogTargets],
    });
    const deviceSsh = this.devices.addListener('DeviceSsh', {
      port: sshPort,
      protocol: elbv2.Protocol.TCP,
      defaultTargetGroups: [this.deviceSshTargets],
    });

    declareInternetIngress(this, declared);

    for (const sg of [portalSg, devicesSg]) {
      suppress(sg, [{ rule: 'AwsSolutions-EC23', reason: 'internetFacingFrontEnd' }]);
    }
    for (const lb of [this.portal, this.devices]) {
      suppress(lb, [{ rule: 'AwsSolutions-ELB2', reason: 'loadBalancerAccessLogs' }]);
      suppressComplianceRule(lb, 'ELBLoggingEnabled', 'loadBalancerAccessLogs');
    }
    suppressComplianceRule(redirect, 'ELBv2ACMCertificateRequired', 'httpRedirectOnly');
    suppressComplianceRule(deviceSsh, 'ELBv2ACMCertificateRequired', 'sshPassthrough');
  }
}

/**
 * The port, when `access.frontEnd.allowedPorts` lists it; otherwise synth stops naming the field,
 * so no listener can open a port the configuration did not declare (P-MIN-PORTS).
 */
export function allowedListenerPort(frontEnd: Pick<FrontEndConfig, 'allowedPorts'>, port: number, purpose: string): number {
  if (!frontEnd.allowedPorts.includes(port)) {
    throw new Error(
      `access.frontEnd.allowedPorts: listener port ${port} (${purpose}) is not allowed; allowed ports are ` +
        `[${frontEnd.allowedPorts.join(', ')}]`,
    );
  }
  return port;
}
