import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { suppress, suppressComplianceRule } from '../nag/suppressions';
import { frontEndSecurityGroup } from './front-end-security-group';
import { FRONT_END_TLS_POLICY } from './front-end-tls';
import { PortalWebAcl } from './portal-web-acl';

export interface PortalLoadBalancerProps {
  /** The VPC whose front-end subnets hold the load balancer. */
  readonly vpc: ec2.IVpc;
  /** The public subnets the load balancer is placed in. */
  readonly subnets: ec2.SubnetSelection;
  /** Where the portal's targets run (the VPC's CIDR): the only destination its security group lets traffic out to. */
  readonly targets: ec2.IPeer;
  /** Port of the HTTPS listener, already checked against `access.frontEnd.allowedPorts`. */
  readonly httpsPort: number;
  /** Port of the HTTP listener that only redirects to HTTPS, already checked against `access.frontEnd.allowedPorts`. */
  readonly redirectPort: number;
  /** ACM certificate of the HTTPS listener. */
  readonly certificateArn: string;
  /** Name of the web ACL in front of the portal. */
  readonly webAclName: string;
  /** The jurisdiction; the web ACL's log group is tagged and kept as its operational logs. */
  readonly jurisdiction: ResolvedJurisdiction;
  /** Key of the web ACL's log group (operational logs class). */
  readonly logKey: kms.IKey;
}

/**
 * The portal's internet-facing ALB (P-MIN-PORTS, P-ENCRYPT-TRANSIT): HTTPS with the front-end TLS
 * policy behind a web ACL, HTTP answered only with a permanent redirect to HTTPS, and a security
 * group that opens exactly those two ports and lets traffic out only to HTTPS targets in the VPC.
 * The target group is empty: the portal is deployed separately and registers into it. It puts its
 * security group, web ACL and target group beside itself (`<id>SecurityGroup`, `<id>WebAcl`,
 * `<id>Targets`), the ids the front-end stack gave them when it built them inline.
 */
export class PortalLoadBalancer extends elbv2.ApplicationLoadBalancer {
  /** Where the portal's tasks register (IP targets, HTTPS). */
  readonly portalTargets: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: PortalLoadBalancerProps) {
    const securityGroup = frontEndSecurityGroup(scope, `${id}SecurityGroup`, {
      vpc: props.vpc,
      description: 'Portal load balancer: HTTPS and the HTTP redirect from the internet; out only to targets in the VPC',
      targets: props.targets,
      ports: [
        { port: props.httpsPort, ingress: 'Portal over HTTPS', egress: 'Portal targets (HTTPS) in the VPC' },
        { port: props.redirectPort, ingress: 'HTTP, answered only with a redirect to HTTPS' },
      ],
    });
    super(scope, id, {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing: true,
      securityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: true,
      http2Enabled: true,
    });
    new PortalWebAcl(scope, `${id}WebAcl`, {
      loadBalancer: this,
      name: props.webAclName,
      jurisdiction: props.jurisdiction,
      logKey: props.logKey,
    });
    this.portalTargets = new elbv2.ApplicationTargetGroup(scope, `${id}Targets`, {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: props.httpsPort,
      healthCheck: { path: '/health', protocol: elbv2.Protocol.HTTPS, interval: Duration.seconds(30) },
    });
    this.addListener('Https', {
      port: props.httpsPort,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: FRONT_END_TLS_POLICY,
      certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
      defaultTargetGroups: [this.portalTargets],
      open: false,
    });
    const redirect = this.addListener('HttpRedirect', {
      port: props.redirectPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: String(props.httpsPort), permanent: true }),
      open: false,
    });

    suppress(this, [{ rule: 'AwsSolutions-ELB2', reason: 'loadBalancerAccessLogs' }]);
    suppressComplianceRule(this, 'ELBLoggingEnabled', 'loadBalancerAccessLogs');
    suppressComplianceRule(redirect, 'ELBv2ACMCertificateRequired', 'httpRedirectOnly');
  }
}
