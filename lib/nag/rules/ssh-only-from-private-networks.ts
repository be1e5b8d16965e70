import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { coversTcpPort, describeRule, fromPrivateSource, ingressRulesOf } from '../ingress';
import type { StewardRule } from '../rule-support';

/** SSH (port 22) is reachable only from private networks: the VPN's client range, the VPC, a bastion's group. */
export const sshOnlyFromPrivateNetworks: StewardRule = {
  id: 'P-OPERATOR-ACCESS-SshOnlyFromPrivateNetworks',
  promise: 'P-OPERATOR-ACCESS',
  scope: {
    judges: 'Security groups and ingress resources covering TCP 22: the source.',
    cannot: 'Whether a private source is the VPN client range rather than another private network.',
  },
  info: 'P-OPERATOR-ACCESS: a security group lets a public address range reach SSH.',
  explanation:
    'Operators reach servers only through the VPN: an ingress rule covering TCP 22 must come from a security group, a ' +
    'prefix list or a private CIDR (RFC 1918, 100.64.0.0/10, fc00::/7), never from a public address.',
  check: (node: CfnResource) => {
    const rules = ingressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const publicSsh = rules.filter((r) => coversTcpPort(r, 22) && !fromPrivateSource(r)).map(describeRule);
    return publicSsh.length > 0 ? publicSsh : NagRuleCompliance.COMPLIANT;
  },
};
