import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { declaredInternetIngressOf, jurisdictionStampOf } from '../conventions';
import { describeRule, fromInternet, ingressRulesOf, protocolOf } from '../ingress';
import type { StewardRule } from '../rule-support';

/**
 * Security groups open to 0.0.0.0/0 or ::/0 only single ports of `access.frontEnd.allowedPorts`
 * (stamped on every stack by the app from the configuration), each also declared by the stack with
 * the protocol it carries. A stack's own declaration alone opens nothing.
 */
export const internetIngressOnDeclaredPorts: StewardRule = {
  id: 'P-MIN-PORTS-InternetIngressOnDeclaredPorts',
  promise: 'P-MIN-PORTS',
  scope: {
    judges:
      'Security groups and ingress resources open to 0.0.0.0/0 or ::/0: each must be one port of the configured ' +
      'access.frontEnd.allowedPorts (the jurisdiction stamp) that the stack also declares with its protocol.',
    cannot: 'Network ACLs, security groups created at run time, and whether a configured port is really needed.',
  },
  info:
    'P-MIN-PORTS: a security group opens a port to the internet that access.frontEnd.allowedPorts does not list, or that ' +
    'the stack did not declare.',
  explanation:
    'Only the ports needed for device connections and the web front end are open. Ingress from 0.0.0.0/0 or ::/0 must be ' +
    'a single TCP/UDP port listed in the configuration\'s access.frontEnd.allowedPorts (stamped on the stack by ' +
    'buildStewardApp) and declared by the stack with declareInternetIngress (lib/nag/conventions.ts).',
  check: (node: CfnResource) => {
    const rules = ingressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const configured = jurisdictionStampOf(node)?.internetPorts ?? [];
    const declared = declaredInternetIngressOf(node);
    const undeclared = rules
      .filter(fromInternet)
      .filter((r) => !(r.fromPort !== undefined && r.fromPort === r.toPort && configured.includes(r.fromPort) &&
        declared.some((d) => d.port === r.fromPort && d.protocol === protocolOf(r))))
      .map(describeRule);
    return undeclared.length > 0 ? [...new Set(undeclared)] : NagRuleCompliance.COMPLIANT;
  },
};
