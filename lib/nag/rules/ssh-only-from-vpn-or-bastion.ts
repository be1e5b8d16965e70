import type { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { jurisdictionStampOf } from '../conventions';
import { cidrWithin, coversTcpPort, describeRule, type IngressRule, ingressRulesOf, ingressTargetOf } from '../ingress';
import { appResourcesOfType, referencedResource } from '../references';
import { resolvedList, type StewardRule } from '../rule-support';

/** The security groups of the app's Client VPN endpoints: where operators enter. */
function vpnGroups(scope: CfnResource): Set<CfnResource> {
  return new Set(appResourcesOfType(scope, 'AWS::EC2::ClientVpnEndpoint').flatMap((vpn) =>
    resolvedList<unknown>(vpn, (vpn as ec2.CfnClientVpnEndpoint).securityGroupIds)
      .map((g) => referencedResource(vpn, g))
      .filter((g): g is CfnResource => g !== undefined)));
}

/** The bastion's groups: security groups that accept SSH from a VPN group. */
function bastionGroups(scope: CfnResource, vpn: Set<CfnResource>): Set<CfnResource> {
  const found = new Set<CfnResource>();
  for (const type of ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress']) {
    for (const node of appResourcesOfType(scope, type)) {
      const fromVpn = (ingressRulesOf(node) ?? [])
        .some((r) => coversTcpPort(r, 22) && vpn.has(referencedResource(node, r.sourceSecurityGroupId)!));
      const group = referencedResource(node, ingressTargetOf(node));
      if (fromVpn && group) found.add(group);
    }
  }
  return found;
}

/**
 * Host SSH (port 22) comes only from where operators enter: the Client VPN's client range
 * (`access.vpn.clientCidr`, stamped by the app from the configuration), the VPN's security group,
 * or the bastion's security group (the group that itself takes SSH from the VPN).
 */
export const sshOnlyFromVpnOrBastion: StewardRule = {
  id: 'P-OPERATOR-ACCESS-SshOnlyFromVpnOrBastion',
  promise: 'P-OPERATOR-ACCESS',
  scope: {
    judges:
      'Security groups and ingress resources covering TCP 22: the source must be inside the configured VPN client CIDR ' +
      '(jurisdiction stamp), a security group of a Client VPN endpoint of the app, or a group that takes SSH from one (the bastion).',
    cannot: 'Prefix lists and security groups outside the app (they fail), network ACLs, and who holds a VPN client certificate.',
  },
  info: 'P-OPERATOR-ACCESS: a security group lets something other than the operator VPN or the bastion reach SSH.',
  explanation:
    'Operators reach servers only through the VPN: an ingress rule covering TCP 22 must come from inside the configured ' +
    'access.vpn.clientCidr, from the security group of the Client VPN endpoint, or from the bastion\'s security group ' +
    '(the one that accepts SSH from the VPN); any other private range, prefix list or group is refused.',
  check: (node: CfnResource) => {
    const rules = ingressRulesOf(node)?.filter((r) => coversTcpPort(r, 22));
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (rules.length === 0) return NagRuleCompliance.COMPLIANT;
    const clientCidr = jurisdictionStampOf(node)?.vpnClientCidr;
    const vpn = vpnGroups(node);
    const entry = new Set([...vpn, ...bastionGroups(node, vpn)]);
    const allowed = (r: IngressRule): boolean => {
      if (r.cidrIpv6 !== undefined || r.sourcePrefixListId !== undefined) return false;
      if (r.cidrIp !== undefined) return typeof r.cidrIp === 'string' && clientCidr !== undefined && cidrWithin(r.cidrIp, clientCidr);
      const source = referencedResource(node, r.sourceSecurityGroupId);
      return source !== undefined && entry.has(source);
    };
    const refused = rules.filter((r) => !allowed(r)).map(describeRule);
    return refused.length > 0 ? [...new Set(refused)] : NagRuleCompliance.COMPLIANT;
  },
};
