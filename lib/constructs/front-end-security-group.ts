import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { suppress } from '../nag/suppressions';

/** One port of a front-end security group, with what it carries. */
export interface FrontEndPort {
  /** The TCP port, already checked against `access.frontEnd.allowedPorts`. */
  readonly port: number;
  /** What the internet reaches on it (the ingress rule's description). */
  readonly ingress: string;
  /**
   * What the load balancer forwards on it inside the VPC (the egress rule's description).
   * @default no egress on this port (the listener answers itself, e.g. a redirect)
   */
  readonly egress?: string;
}

/** What a front-end load balancer's security group opens. */
export interface FrontEndSecurityGroupProps {
  /** The VPC of the load balancer. */
  readonly vpc: ec2.IVpc;
  /** What the group is for, shown in the console. */
  readonly description: string;
  /** Where the load balancer's targets run (the VPC's CIDR): the only destination traffic may leave for. */
  readonly targets: ec2.IPeer;
  /** The listener ports, each open to the internet and, when it forwards, out to the targets. */
  readonly ports: readonly FrontEndPort[];
}

/**
 * The security group of an internet-facing load balancer (P-MIN-PORTS): exactly the listener
 * ports open to any IPv4 address, every ingress rule first, then out only to the targets in the
 * VPC on the ports the listeners forward; no other outbound traffic. The internet-facing ingress
 * is the front end's purpose, so AwsSolutions-EC23 is suppressed on it with that reason.
 */
export function frontEndSecurityGroup(scope: Construct, id: string, props: FrontEndSecurityGroupProps): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, id, { vpc: props.vpc, description: props.description, allowAllOutbound: false });
  for (const p of props.ports) group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(p.port), p.ingress);
  for (const p of props.ports) {
    if (p.egress !== undefined) group.addEgressRule(props.targets, ec2.Port.tcp(p.port), p.egress);
  }
  suppress(group, [{ rule: 'AwsSolutions-EC23', reason: 'internetFacingFrontEnd' }]);
  return group;
}
