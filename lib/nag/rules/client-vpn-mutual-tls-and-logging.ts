import type { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, resolved, resolvedList, type StewardRule } from '../rule-support';

/** Client VPN endpoints authenticate clients with certificates and log every connection. */
export const clientVpnMutualTlsAndLogging: StewardRule = {
  id: 'P-OPERATOR-ACCESS-ClientVpnMutualTlsAndLogging',
  promise: 'P-OPERATOR-ACCESS',
  scope: {
    judges: 'Every AWS::EC2::ClientVPNEndpoint: certificate authentication and connection logging.',
    cannot: 'Whether client certificates are per operator and revoked when an operator leaves.',
  },
  info: 'P-OPERATOR-ACCESS: the Client VPN endpoint does not require client certificates or does not log connections.',
  explanation:
    'VPN entry points are locked down: every Client VPN endpoint must use certificate-authentication (mutual TLS) with a ' +
    'client root certificate chain, and connection logging enabled to a CloudWatch log group.',
  check: (node: CfnResource) => {
    if (!(node instanceof ec2.CfnClientVpnEndpoint)) return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    const mutual = resolvedList<{ type?: string; mutualAuthentication?: { clientRootCertificateChainArn?: unknown } }>(
      node,
      node.authenticationOptions,
    ).some((o) => o.type === 'certificate-authentication' && o.mutualAuthentication?.clientRootCertificateChainArn !== undefined);
    if (!mutual) findings.push('mutual-authentication');
    const logging = resolved(node, node.connectionLogOptions) as { enabled?: unknown; cloudwatchLogGroup?: unknown } | undefined;
    if (!isTrue(logging?.enabled) || logging?.cloudwatchLogGroup === undefined) findings.push('connection-logging');
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
