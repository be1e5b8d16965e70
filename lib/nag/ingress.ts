import type { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { resolved, resolvedList } from './rule-support';

/** One ingress permission of a security group, resolved. */
export interface IngressRule {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIp?: unknown;
  readonly cidrIpv6?: unknown;
  readonly sourceSecurityGroupId?: unknown;
  readonly sourcePrefixListId?: unknown;
}

/** Ingress rules held by a security group or a standalone ingress resource; undefined for other resources. */
export function ingressRulesOf(node: CfnResource): IngressRule[] | undefined {
  if (node instanceof ec2.CfnSecurityGroup) return resolvedList<IngressRule>(node, node.securityGroupIngress);
  if (node instanceof ec2.CfnSecurityGroupIngress) {
    return [resolved(node, {
      ipProtocol: node.ipProtocol, fromPort: node.fromPort, toPort: node.toPort, cidrIp: node.cidrIp, cidrIpv6: node.cidrIpv6,
      sourceSecurityGroupId: node.sourceSecurityGroupId, sourcePrefixListId: node.sourcePrefixListId,
    }) as IngressRule];
  }
  return undefined;
}

/**
 * The egress rules of a security group as AWS applies them: a group created without any egress
 * rule gets AWS's default allow-all egress, so an absent list counts as "everything to anywhere".
 */
export function egressRulesOf(node: CfnResource): IngressRule[] | undefined {
  if (node instanceof ec2.CfnSecurityGroup) {
    const rules = resolvedList<IngressRule>(node, node.securityGroupEgress);
    return node.securityGroupEgress === undefined ? [{ ipProtocol: '-1', cidrIp: '0.0.0.0/0' }] : rules;
  }
  if (node instanceof ec2.CfnSecurityGroupEgress) {
    return [resolved(node, {
      ipProtocol: node.ipProtocol, fromPort: node.fromPort, toPort: node.toPort, cidrIp: node.cidrIp, cidrIpv6: node.cidrIpv6,
    }) as IngressRule];
  }
  return undefined;
}

/** The security group an ingress rule of `node` opens: the group itself, or the one a standalone ingress names. */
export function ingressTargetOf(node: CfnResource): unknown {
  return node instanceof ec2.CfnSecurityGroupIngress ? node.groupId : node instanceof ec2.CfnSecurityGroup ? node.ref : undefined;
}

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '-1': 'all', all: 'all' };

/** `tcp`, `udp`, `all` or the protocol as written. */
export function protocolOf(rule: IngressRule): string {
  const p = String(rule.ipProtocol).toLowerCase();
  return PROTOCOL_NAMES[p] ?? p;
}

export function fromInternet(rule: IngressRule): boolean {
  return rule.cidrIp === '0.0.0.0/0' || rule.cidrIpv6 === '::/0';
}

/** True when the rule lets traffic reach `port` over TCP. */
export function coversTcpPort(rule: IngressRule, port: number): boolean {
  const protocol = protocolOf(rule);
  if (protocol === 'all') return true;
  if (protocol !== 'tcp') return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return (from === -1 && to === -1) || (from <= port && port <= to);
}

export function describeRule(rule: IngressRule): string {
  return `${protocolOf(rule)}:${rule.fromPort ?? '*'}-${rule.toPort ?? '*'}`;
}

export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** True when IPv4 CIDR `inner` lies inside `outer` (both literal). */
export function cidrWithin(inner: string, outer: string): boolean {
  const [ia, ib] = inner.split('/');
  const [oa, ob] = outer.split('/');
  const innerBits = Number(ib ?? 32);
  const outerBits = Number(ob ?? 32);
  if (ia.includes(':') || oa.includes(':') || !(innerBits >= outerBits)) return false;
  const block = 2 ** (32 - outerBits);
  return Math.floor(ipv4ToNumber(ia) / block) === Math.floor(ipv4ToNumber(oa) / block);
}
