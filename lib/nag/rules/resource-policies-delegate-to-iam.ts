import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isOwnAccountRoot, principalsOf, resourcePolicyOf } from '../policy-statements';
import type { StewardRule } from '../rule-support';

/**
 * Bucket and key policies grant no person or role access by themselves: they allow only services
 * and (key policies) the account, which delegates to IAM. So support staff reach tenant data only
 * through the support role, whose tenant-scoped, consent-bound permissions its own rule judges.
 */
export const resourcePoliciesDelegateToIam: StewardRule = {
  id: 'P-SUPPORT-CONSENT-ResourcePoliciesDelegateToIam',
  promise: 'P-SUPPORT-CONSENT',
  scope: {
    judges:
      'Allow statements of every bucket policy and KMS key policy: the only AWS principal allowed is the own account\'s root ' +
      'in a key policy (delegation to IAM); a named role or user, the support role included, fails.',
    cannot: 'KMS grants and S3 access points created at run time, and what IAM then allows (the role rules judge that).',
  },
  info: 'P-SUPPORT-CONSENT: a bucket or key policy grants a named role or user access, around the support role\'s consent scoping.',
  explanation:
    'The tenant decides whether support may access its data, and the support role enforces that decision. A bucket policy ' +
    'or key policy that allows a named role or user would grant access the support role\'s tenant scoping never sees: ' +
    'resource policies may allow only service principals and, in key policies, the account root (which delegates to IAM).',
  check: (node: CfnResource) => {
    const judged = node.cfnResourceType === 'AWS::S3::BucketPolicy' || node.cfnResourceType === 'AWS::KMS::Key';
    if (!judged) return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    (resourcePolicyOf(node) ?? []).forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const keyRootOnly = (a: unknown) => node.cfnResourceType === 'AWS::KMS::Key' && isOwnAccountRoot(node, a);
      if (principalsOf(s).aws.some((a) => !keyRootOnly(a))) findings.push(`statement:${s.Sid ?? i}`);
    });
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
