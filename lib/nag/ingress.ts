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
}

/** Ingress rules held by a security group or a standalone ingress resource; undefined for other resources. */
export function ingressRulesOf(node: CfnResource): IngressRule[] | undefined {
  if (node instanceof ec2.CfnSecurityGroup) return resolvedList<IngressRule>(node, node.securityGroupIngress);
  if (node instanceof ec2.CfnSecurityGroupIngress) {
    return [resolved(node, {
      ipProtocol: node.ipProtocol, fromPort: node.fromPort, toPort: node.toPort, cidrIp: node.cidrIp, cidrIpv6: node.cidrIpv6,
    }) as IngressRule];
  }
  return undefined;
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

const PRIVATE_V4: [number, number][] = [
  [ipv4ToNumber('10.0.0.0'), 8],
  [ipv4ToNumber('172.16.0.0'), 12],
  [ipv4ToNumber('192.168.0.0'), 16],
  [ipv4ToNumber('100.64.0.0'), 10],
];

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/**
 * True when the rule's source is a private network: an RFC 1918 / carrier-grade NAT range, an
 * IPv6 unique-local range, or a value computed at deploy time (a VPC's own CIDR block) rather
 * than a literal address. Sources given as security groups or prefix lists have no CIDR and count as private.
 */
export function fromPrivateSource(rule: IngressRule): boolean {
  for (const cidr of [rule.cidrIp, rule.cidrIpv6]) {
    if (cidr === undefined || typeof cidr !== 'string') continue;
    const [address, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    if (address.includes(':')) {
      if (!(/^f[cd]/i.test(address) && bits >= 7)) return false;
      continue;
    }
    const n = ipv4ToNumber(address);
    const inside = PRIVATE_V4.some(
      ([base, prefix]) => bits >= prefix && Math.floor(n / 2 ** (32 - prefix)) === Math.floor(base / 2 ** (32 - prefix)),
    );
    if (!inside) return false;
  }
  return true;
}
