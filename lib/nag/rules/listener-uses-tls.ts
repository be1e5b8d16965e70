import type { CfnResource } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { declaredInternetIngressOf } from '../conventions';
import { resolvedList, type StewardRule } from '../rule-support';

/** TLS 1.3 policies (which also allow TLS 1.2, never older); the post-quantum and FIPS variants included. */
const MODERN_POLICY = /^ELBSecurityPolicy-TLS13-/;

/**
 * Load-balancer listeners: HTTPS/TLS with a TLS 1.3 policy; HTTP only when every default action
 * redirects to HTTPS; plain TCP only on a port the stack declared as carrying SSH (device
 * connections terminate SSH on the host, so the transport is still encrypted and authenticated).
 */
export const listenerUsesTls: StewardRule = {
  id: 'P-ENCRYPT-TRANSIT-ListenerUsesTls',
  promise: 'P-ENCRYPT-TRANSIT',
  scope: {
    judges: 'Every AWS::ElasticLoadBalancingV2::Listener: protocol, TLS policy and redirect-only HTTP.',
    cannot: 'The certificate\'s validity and what the targets behind the listener speak.',
  },
  info: 'P-ENCRYPT-TRANSIT: the load-balancer listener accepts plaintext or uses an outdated TLS policy.',
  explanation:
    'HTTPS and TLS listeners must set a TLS 1.3 security policy (ELBSecurityPolicy-TLS13-*); an HTTP listener may only ' +
    'redirect to HTTPS; a TCP listener is allowed only on a port declared (declareInternetIngress) as carrying SSH.',
  check: (node: CfnResource) => {
    if (!(node instanceof elbv2.CfnListener)) return NagRuleCompliance.NOT_APPLICABLE;
    const protocol = NagRules.resolveIfPrimitive(node, node.protocol);
    const port = NagRules.resolveIfPrimitive(node, node.port);
    if (protocol === 'HTTPS' || protocol === 'TLS') {
      const policy = NagRules.resolveIfPrimitive(node, node.sslPolicy);
      return typeof policy === 'string' && MODERN_POLICY.test(policy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (protocol === 'HTTP') {
      const actions = resolvedList<{ type?: string; redirectConfig?: { protocol?: string } }>(node, node.defaultActions);
      const redirectsOnly = actions.length > 0 && actions.every((a) => a.type === 'redirect' && a.redirectConfig?.protocol === 'HTTPS');
      return redirectsOnly ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (protocol === 'TCP') {
      const declaredSsh = declaredInternetIngressOf(node).some((p) => p.port === port && p.protocol === 'tcp' && p.carries === 'ssh');
      return declaredSsh ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
};
