import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { coversTcpPort, fromInternet, ingressRulesOf } from '../ingress';
import type { StewardRule } from '../rule-support';

/** Port 22 (host SSH) is never reachable from the internet. */
export const noInternetHostSsh: StewardRule = {
  id: 'P-MIN-PORTS-NoInternetHostSsh',
  promise: 'P-MIN-PORTS',
  scope: {
    judges: 'Security groups and ingress resources: no internet source covering TCP 22.',
    cannot: 'Network ACLs and run-time security group changes.',
  },
  info: 'P-MIN-PORTS: a security group lets the internet reach port 22.',
  explanation:
    'Host SSH is an operator path, never an internet one: no ingress from 0.0.0.0/0 or ::/0 may cover TCP port 22 ' +
    '(device SSH uses its own declared port).',
  check: (node: CfnResource) => {
    const rules = ingressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return rules.some((r) => fromInternet(r) && coversTcpPort(r, 22)) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
