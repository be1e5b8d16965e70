import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { declaredInternetIngressOf } from '../conventions';
import { describeRule, fromInternet, ingressRulesOf, protocolOf } from '../ingress';
import type { StewardRule } from '../rule-support';

/** Security groups open to 0.0.0.0/0 or ::/0 only single ports the stack declared. */
export const internetIngressOnDeclaredPorts: StewardRule = {
  id: 'P-MIN-PORTS-InternetIngressOnDeclaredPorts',
  promise: 'P-MIN-PORTS',
  scope: {
    judges: 'Security groups and ingress resources open to 0.0.0.0/0 or ::/0, against the ports the stack declares.',
    cannot: 'Network ACLs, and security groups created at run time.',
  },
  info: 'P-MIN-PORTS: a security group opens a port to the internet that the stack did not declare.',
  explanation:
    'Only the ports needed for device connections and the web front end are open. Ingress from 0.0.0.0/0 or ::/0 must be ' +
    'a single TCP/UDP port that the stack declared with declareInternetIngress (lib/nag/conventions.ts).',
  check: (node: CfnResource) => {
    const rules = ingressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const declared = declaredInternetIngressOf(node);
    const undeclared = rules
      .filter(fromInternet)
      .filter((r) => !(r.fromPort !== undefined && r.fromPort === r.toPort &&
        declared.some((d) => d.port === r.fromPort && d.protocol === protocolOf(r))))
      .map(describeRule);
    return undeclared.length > 0 ? [...new Set(undeclared)] : NagRuleCompliance.COMPLIANT;
  },
};
