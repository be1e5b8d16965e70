import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { accountOf, principalsOf, resourcePolicyOf } from '../policy-statements';
import type { StewardRule } from '../rule-support';

/**
 * Key, bucket, queue and topic policies grant nothing to everyone (`*`) or to another account:
 * tenant data is reached only through roles of this account, whose IAM policies the other rules judge.
 */
export const policiesGrantOnlyOwnAccount: StewardRule = {
  id: 'P-TENANT-ISOLATION-PoliciesGrantOnlyOwnAccount',
  promise: 'P-TENANT-ISOLATION',
  scope: {
    judges:
      'Allow statements of every KMS key policy, bucket policy, queue policy and topic policy: no Principal * (whatever ' +
      'its conditions), no NotPrincipal, no federated or canonical-user principal, and no AWS principal of another or ' +
      'an unreadable account.',
    cannot: 'Grants made outside CloudFormation (KMS grants, access points, ACLs), and service principals acting for another account.',
  },
  info: 'P-TENANT-ISOLATION: a key, bucket, queue or topic policy grants access to everyone or to another account.',
  explanation:
    'Customer data is separated per tenant and access is role-based: resource policies may allow only service principals ' +
    'and principals of the template\'s own account (AWS::AccountId, the stack\'s account, roles of the app); Principal * ' +
    '(also with conditions), NotPrincipal, federated users and other accounts are refused.',
  check: (node: CfnResource) => {
    const statements = resourcePolicyOf(node);
    if (statements === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    statements.forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const at = `statement:${s.Sid ?? i}`;
      const p = principalsOf(s);
      if (p.everyone) findings.push(`${at}:everyone`);
      if (s.NotPrincipal !== undefined || p.other.length > 0) findings.push(`${at}:principal`);
      for (const a of p.aws) {
        const account = accountOf(node, a);
        if (account !== 'own') findings.push(`${at}:account:${account}`);
      }
    });
    return findings.length > 0 ? [...new Set(findings)] : NagRuleCompliance.COMPLIANT;
  },
};
