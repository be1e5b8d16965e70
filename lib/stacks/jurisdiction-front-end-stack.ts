import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { FrontEndConfig } from '../config/types';
import { FRONT_END_FIXED_PORTS } from '../config/validate';
import { DeviceLoadBalancer } from '../constructs/device-load-balancer';
import { PortalLoadBalancer } from '../constructs/portal-load-balancer';
import { declareInternetIngress, type DeclaredIngressPort } from '../nag/conventions';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';
import { SUBNET_GROUP } from './jurisdiction-network-stack';
import { JurisdictionStack } from './jurisdiction-stack';

export interface JurisdictionFrontEndStackProps extends JurisdictionStackProps {
  /** The primary region's VPC; the load balancers use its front-end (public) subnets. */
  readonly vpc: ec2.IVpc;
  /** The region's `operational-logs` key; the portal's WAF logs are encrypted with it. */
  readonly operationalLogsKey: kms.IKey;
}

/**
 * The internet-facing front end (P-MIN-PORTS, P-ENCRYPT-TRANSIT, P-DEVICE-OUTBOUND): the portal's
 * ALB (HTTPS behind a web ACL, HTTP only to redirect) and the devices' NLB (syslog over TLS,
 * device-initiated SSH). Every listener port must be in `access.frontEnd.allowedPorts` and is
 * declared, with the protocol it carries, for the security summary checks; the security groups
 * open exactly the listener ports.
 */
export class JurisdictionFrontEndStack extends JurisdictionStack {
  readonly portal: PortalLoadBalancer;
  readonly devices: DeviceLoadBalancer;
  readonly portalTargets: elbv2.ApplicationTargetGroup;
  readonly syslogTargets: elbv2.NetworkTargetGroup;
  readonly deviceSshTargets: elbv2.NetworkTargetGroup;

  constructor(scope: Construct, id: string, props: JurisdictionFrontEndStackProps) {
    super(scope, id, props);
    const { jurisdiction } = props;
    const frontEnd = jurisdiction.access.frontEnd;
    const declared: DeclaredIngressPort[] = [];
    const listen = (port: number, purpose: string, carries: DeclaredIngressPort['carries']): number => {
      declared.push({ port: allowedListenerPort(frontEnd, port, purpose), protocol: 'tcp', carries, purpose });
      return port;
    };
    const common = {
      vpc: props.vpc,
      subnets: { subnetGroupName: SUBNET_GROUP.frontEnd },
      targets: ec2.Peer.ipv4(jurisdiction.network.vpcCidr),
    };

    this.portal = new PortalLoadBalancer(this, 'Portal', {
      ...common,
      httpsPort: listen(FRONT_END_FIXED_PORTS.portalHttps, 'portal HTTPS', 'https'),
      redirectPort: listen(FRONT_END_FIXED_PORTS.httpRedirect, 'HTTP redirect to HTTPS', 'http-redirect'),
      certificateArn: frontEnd.portalCertificateArn,
      webAclName: `${props.appName}-${jurisdiction.id}-portal`,
      jurisdiction,
      logKey: props.operationalLogsKey,
    });
    this.portalTargets = this.portal.portalTargets;

    this.devices = new DeviceLoadBalancer(this, 'Devices', {
      ...common,
      syslogPort: listen(FRONT_END_FIXED_PORTS.syslogTls, 'syslog over TLS', 'tls'),
      sshPort: listen(frontEnd.deviceSshPort, 'device SSH', 'ssh'),
      syslogCertificateArn: frontEnd.syslogCertificateArn,
    });
    this.syslogTargets = this.devices.syslogTargets;
    this.deviceSshTargets = this.devices.deviceSshTargets;

    declareInternetIngress(this, declared);
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
